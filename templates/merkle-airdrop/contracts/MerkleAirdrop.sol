// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";

import {IKatyCoin} from "../../../contracts/token/IKatyCoin.sol";
import {IMerkleAirdrop} from "./IMerkleAirdrop.sol";

/**
 * @title MerkleAirdrop
 * @notice KC claims against a Merkle root, once per index, until a deadline; then the owner sweeps the rest.
 * @dev Fund it after deployment with the `total` that build-tree.ts prints. Claimed indexes live in a bitmap:
 * 256 claims share one storage slot. Not upgradeable on purpose (docs/decisions/0030): the root and the deadline
 * are fixed for good, so claimants know the rules cannot change under them.
 */
contract MerkleAirdrop is IMerkleAirdrop, Ownable2Step, ReentrancyGuard {
    using BitMaps for BitMaps.BitMap;
    using SafeERC20 for IERC20;

    /// @notice The KC token the airdrop pays.
    IKatyCoin public immutable token;

    /// @inheritdoc IMerkleAirdrop
    bytes32 public immutable merkleRoot;

    /// @inheritdoc IMerkleAirdrop
    uint64 public immutable claimDeadline;

    /// @inheritdoc IMerkleAirdrop
    uint256 public totalClaimed;

    BitMaps.BitMap private _claimed;

    /**
     * @param token_ The KC token.
     * @param merkleRoot_ The root printed by build-tree.ts.
     * @param claimDeadline_ The last second (unix time) claims are accepted; must lie in the future.
     * @param owner_ Sweeps the rest after the deadline.
     */
    constructor(IKatyCoin token_, bytes32 merkleRoot_, uint64 claimDeadline_, address owner_) Ownable(owner_) {
        if (address(token_) == address(0)) revert MerkleAirdropZeroAddress("token");
        if (merkleRoot_ == bytes32(0)) revert MerkleAirdropZeroRoot();
        if (claimDeadline_ <= block.timestamp) revert MerkleAirdropDeadlineInPast(claimDeadline_, block.timestamp);

        token = token_;
        merkleRoot = merkleRoot_;
        claimDeadline = claimDeadline_;
    }

    /// @inheritdoc IMerkleAirdrop
    function claim(uint256 index, address account, uint256 amount, bytes32[] calldata proof) external nonReentrant {
        if (block.timestamp > claimDeadline) revert MerkleAirdropClaimsClosed(claimDeadline, block.timestamp);
        if (_claimed.get(index)) revert MerkleAirdropAlreadyClaimed(index);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(index, account, amount))));
        if (!MerkleProof.verifyCalldata(proof, merkleRoot, leaf)) {
            revert MerkleAirdropInvalidProof(index, account, amount);
        }

        _claimed.set(index);
        totalClaimed += amount;
        emit Claimed(index, account, amount);

        IERC20(token).safeTransfer(account, amount);
    }

    /// @inheritdoc IMerkleAirdrop
    function sweep(address to) external onlyOwner nonReentrant {
        if (block.timestamp <= claimDeadline) revert MerkleAirdropClaimsStillOpen(claimDeadline, block.timestamp);
        if (to == address(0)) revert MerkleAirdropZeroAddress("to");
        uint256 amount = token.balanceOf(address(this));
        if (amount == 0) revert MerkleAirdropNothingToSweep();

        emit Swept(to, amount);

        IERC20(token).safeTransfer(to, amount);
    }

    /// @dev Disabled: without an owner nobody could sweep the unclaimed KC.
    function renounceOwnership() public view override onlyOwner {
        revert MerkleAirdropRenounceDisabled();
    }

    /// @inheritdoc IMerkleAirdrop
    function isClaimed(uint256 index) external view returns (bool) {
        return _claimed.get(index);
    }
}
