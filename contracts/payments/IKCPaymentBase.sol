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
 */
interface IKCPaymentBase {
    /// @notice `account` paused the contract.
    event Paused(address account);

    /// @notice `account` unpaused the contract.
    event Unpaused(address account);

    /// @notice The contract is paused, and the call moves KC or creates something that would.
    error EnforcedPause();

    /// @notice {unpause} was called on a contract that is not paused.
    error ExpectedPause();

    /// @notice The role that may pause and unpause the contract.
    function PAUSER_ROLE() external view returns (bytes32);

    /// @notice The role that may upgrade the implementation behind the proxy.
    function UPGRADER_ROLE() external view returns (bytes32);

    /// @notice Whether the contract is paused.
    function paused() external view returns (bool);

    /// @notice The KC token this contract moves.
    function token() external view returns (IKatyCoin);

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
