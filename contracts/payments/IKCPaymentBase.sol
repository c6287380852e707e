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
 * Pausing emits OpenZeppelin's `Paused(account)` and `Unpaused(account)`; a paused contract refuses
 * every call that moves KC with OpenZeppelin's `EnforcedPause()`.
 */
interface IKCPaymentBase {
    /// @notice The role that may pause and unpause the contract.
    function PAUSER_ROLE() external view returns (bytes32);

    /// @notice The role that may upgrade the implementation behind the proxy.
    function UPGRADER_ROLE() external view returns (bytes32);

    /// @notice The KC token this contract moves.
    function token() external view returns (IKatyCoin);

    /**
     * @notice Stops every call that moves KC until {unpause}.
     * @dev Requirements: the caller has `PAUSER_ROLE`; the contract is not paused. Emits `Paused`.
     */
    function pause() external;

    /**
     * @notice Lets KC move again after {pause}.
     * @dev Requirements: the caller has `PAUSER_ROLE`; the contract is paused. Emits `Unpaused`.
     */
    function unpause() external;
}
