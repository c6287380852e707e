// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKatyCoin} from "../token/IKatyCoin.sol";

/**
 * @title IKCPaymentBase
 * @notice What every KC payment contract shares: the token it moves, its roles, and pausing.
 * @dev Roles: `DEFAULT_ADMIN_ROLE` grants and revokes roles and changes settings; `PAUSER_ROLE`
 * pauses and unpauses; `UPGRADER_ROLE` upgrades the implementation behind the UUPS proxy. The admin
 * passed to `initialize` receives all three; deploy scripts hand them over afterwards.
 *
 * Pausing uses the event, error and view signatures of OpenZeppelin's Pausable, so tools written
 * for it read these contracts unchanged.
 *
 * Tokens sent to a contract's address directly, not through its functions, are in no record and
 * would be stuck; the admin can send them on with {recoverTokens}. KC that a record holds for its
 * users (an open or disputed escrow) is never recoverable.
 */
interface IKCPaymentBase {
    /// @notice `account` paused the contract.
    event Paused(address account);

    /// @notice `account` unpaused the contract.
    event Unpaused(address account);

    /**
     * @notice `sender` sent `amount` of `asset` to `to`: tokens that had reached this contract
     * outside its own accounting, a plain transfer to its address, say.
     */
    event TokensRecovered(address indexed asset, address indexed to, uint256 amount, address sender);

    /// @notice The contract is paused, and the call moves KC or creates something that would.
    error EnforcedPause();

    /// @notice {unpause} was called on a contract that is not paused.
    error ExpectedPause();

    /// @notice {recoverTokens} was given the zero address as the recipient.
    error KCRecoveryZeroRecipient();

    /// @notice {recoverTokens} was asked to send nothing.
    error KCRecoveryZeroAmount();

    /**
     * @notice {recoverTokens} asked for `requested` of `asset`, more than the `recoverable` amount
     * the contract holds beyond what its records owe (see {recoverable}).
     */
    error KCRecoveryUnavailable(address asset, uint256 requested, uint256 recoverable);

    /// @notice The role that may pause and unpause the contract.
    function PAUSER_ROLE() external view returns (bytes32);

    /// @notice The role that may upgrade the implementation behind the proxy.
    function UPGRADER_ROLE() external view returns (bytes32);

    /// @notice Whether the contract is paused.
    function paused() external view returns (bool);

    /// @notice The KC token this contract moves.
    function token() external view returns (IKatyCoin);

    /**
     * @notice How much of `asset` this contract holds beyond what its records owe: what was sent to
     * its address directly. Only this much can be recovered.
     * @dev For KC, the balance less the KC that records hold (the escrow's open and disputed
     * amounts; nothing in the other contracts). For any other token, the whole balance.
     */
    function recoverable(address asset) external view returns (uint256);

    /**
     * @notice Sends `amount` of `asset` that reached this contract by mistake to `to`, usually back
     * to whoever sent it.
     * @dev Requirements: the caller has `DEFAULT_ADMIN_ROLE`; the contract is not paused, else
     * `EnforcedPause`; `to` is not the zero address, else {KCRecoveryZeroRecipient}; `amount` is not
     * zero, else {KCRecoveryZeroAmount}, and at most {recoverable}, else {KCRecoveryUnavailable}.
     * Emits {TokensRecovered}.
     *
     * NOTE: a token that charges a fee on transfer delivers less than `amount` to `to`; the event
     * states what was sent.
     */
    function recoverTokens(address asset, address to, uint256 amount) external;

    /**
     * @notice Stops every call that moves KC until {unpause}.
     * @dev Requirements: the caller has `PAUSER_ROLE`; the contract is not paused, else
     * `EnforcedPause`. Emits `Paused`.
     */
    function pause() external;

    /**
     * @notice Lets KC move again after {pause}.
     * @dev Requirements: the caller has `PAUSER_ROLE`; the contract is paused, else
     * `ExpectedPause`. Emits `Unpaused`.
     */
    function unpause() external;
}
