// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IMerkleAirdrop
 * @notice A KC airdrop against a Merkle root: each listed (index, account, amount) claims once, until a deadline;
 * after the deadline the owner sweeps what is left.
 * @dev Leaves are `keccak256(bytes.concat(keccak256(abi.encode(index, account, amount))))`: the leaf encoding of
 * StandardMerkleTree from the npm package openzeppelin/merkle-tree, leaf types `(uint256, address, uint256)`.
 * The toolkit's `scripts/merkle/build-tree.ts` builds the tree and the proofs from a CSV. Events and errors are
 * declared and documented here once; the contract inherits the documentation.
 */
interface IMerkleAirdrop {
    /**
     * @notice A claim was paid.
     * @param index The claim's index in the tree.
     * @param account Who received the KC.
     * @param amount How much.
     */
    event Claimed(uint256 indexed index, address indexed account, uint256 amount);

    /**
     * @notice The owner swept the unclaimed KC after the deadline.
     * @param to Who received it.
     * @param amount How much.
     */
    event Swept(address indexed to, uint256 amount);

    /**
     * @notice An address that must be set was the zero address.
     * @param parameter The name of the parameter that was zero.
     */
    error MerkleAirdropZeroAddress(string parameter);

    /// @notice The Merkle root was zero.
    error MerkleAirdropZeroRoot();

    /**
     * @notice The claim deadline must lie in the future at deployment.
     * @param claimDeadline The deadline asked for.
     * @param currentTime The block time of the deployment.
     */
    error MerkleAirdropDeadlineInPast(uint64 claimDeadline, uint256 currentTime);

    /**
     * @notice The deadline has passed; claims are closed.
     * @param claimDeadline The last second claims were accepted.
     * @param currentTime The block time of the attempt.
     */
    error MerkleAirdropClaimsClosed(uint64 claimDeadline, uint256 currentTime);

    /**
     * @notice The deadline has not passed yet; the owner cannot sweep.
     * @param claimDeadline The last second claims are accepted.
     * @param currentTime The block time of the attempt.
     */
    error MerkleAirdropClaimsStillOpen(uint64 claimDeadline, uint256 currentTime);

    /**
     * @notice This index was claimed before.
     * @param index The claim's index.
     */
    error MerkleAirdropAlreadyClaimed(uint256 index);

    /**
     * @notice The proof does not show (index, account, amount) under the root.
     * @param index The index given.
     * @param account The account given.
     * @param amount The amount given.
     */
    error MerkleAirdropInvalidProof(uint256 index, address account, uint256 amount);

    /// @notice There is nothing left to sweep.
    error MerkleAirdropNothingToSweep();

    /// @notice Renouncing ownership is disabled: it would leave the unclaimed KC locked for good.
    error MerkleAirdropRenounceDisabled();

    /**
     * @notice Pays `amount` KC to `account` for the leaf at `index`.
     * @dev Anyone may submit a claim (a relayer, a friend); the KC always goes to `account`. Requirements: the
     * deadline has not passed; the index was not claimed; `proof` shows the leaf under the root; the airdrop
     * holds enough KC. Emits {Claimed}.
     */
    function claim(uint256 index, address account, uint256 amount, bytes32[] calldata proof) external;

    /**
     * @notice Sends every KC the airdrop still holds to `to`.
     * @dev Requirements: the caller is the owner; the deadline has passed; `to` is not zero; the balance is
     * positive. Emits {Swept}.
     */
    function sweep(address to) external;

    /// @notice Whether the leaf at `index` was claimed.
    function isClaimed(uint256 index) external view returns (bool);

    /// @notice The root every claim is proven against.
    function merkleRoot() external view returns (bytes32);

    /// @notice The last second (unix time) at which claims are accepted.
    function claimDeadline() external view returns (uint64);

    /// @notice Everything claimed so far.
    function totalClaimed() external view returns (uint256);
}
