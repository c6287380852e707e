// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKCPaymentBase} from "./IKCPaymentBase.sol";

/**
 * @title IKCBatchPayouts
 * @notice Pays many recipients from one sender in one transaction, all or nothing, or skipping the
 * items that fail.
 * @dev Each item moves KC straight from the sender to its recipient with the sender's allowance, so
 * the contract never holds KC: nothing an item did not pay can be left behind. There is no fee.
 * Duplicate recipients are allowed and each item is paid on its own.
 *
 * NOTE: at most {MAX_RECIPIENTS} items per call, so that a call's gas stays far below a block's
 * gas limit even when every recipient is new to KC (see docs/decisions/0012).
 */
interface IKCBatchPayouts is IKCPaymentBase {
    /**
     * @notice How a batch treats an item that cannot be paid.
     * @param Atomic The whole call reverts with the item's error.
     * @param Partial The item is skipped with a {PayoutFailed} event; the others are paid.
     */
    enum Mode {
        Atomic,
        Partial
    }

    /**
     * @notice One item of a batch was paid.
     * @param batchId The batch's id.
     * @param recipient The account that received the KC.
     * @param index The item's position in the call's arrays.
     * @param amount The KC it received.
     */
    event PayoutSent(uint256 indexed batchId, address indexed recipient, uint256 index, uint256 amount);

    /**
     * @notice One item of a partial batch could not be paid and was skipped.
     * @param batchId The batch's id.
     * @param recipient The item's recipient (may be the zero address).
     * @param index The item's position in the call's arrays.
     * @param amount The KC the item asked for.
     * @param reason The ABI-encoded error: {KCBatchPayoutsInvalidItem} for a zero recipient or
     * amount; otherwise the token's own error (e.g. `ERC20InsufficientBalance`), or SafeERC20's
     * `SafeERC20FailedOperation(token)` when the token returned false or reverted without data.
     */
    event PayoutFailed(uint256 indexed batchId, address indexed recipient, uint256 index, uint256 amount, bytes reason);

    /**
     * @notice A batch finished; emitted after its {PayoutSent} and {PayoutFailed} events.
     * @param batchId The batch's id (ids start at 1 and increase by one).
     * @param sender The account the KC came from.
     * @param ref The integrator's identifier.
     * @param mode Atomic or partial.
     * @param itemCount The number of items in the call.
     * @param paidCount The number of items paid.
     * @param paidTotal The KC paid out in total.
     */
    event BatchPayoutExecuted(
        uint256 indexed batchId,
        address indexed sender,
        bytes32 indexed ref,
        Mode mode,
        uint256 itemCount,
        uint256 paidCount,
        uint256 paidTotal
    );

    /**
     * @notice An address that must be set was the zero address.
     * @param parameter The name of the parameter that was zero.
     */
    error KCBatchPayoutsZeroAddress(string parameter);

    /// @notice The batch has no items.
    error KCBatchPayoutsEmpty();

    /**
     * @notice The batch has more items than {MAX_RECIPIENTS}.
     * @param count The number of items given.
     * @param max The most allowed.
     */
    error KCBatchPayoutsTooManyRecipients(uint256 count, uint256 max);

    /**
     * @notice The recipients and amounts arrays differ in length.
     * @param recipients The number of recipients.
     * @param amounts The number of amounts.
     */
    error KCBatchPayoutsLengthMismatch(uint256 recipients, uint256 amounts);

    /**
     * @notice An item has a zero recipient or a zero amount.
     * @param index The item's position.
     * @param recipient Its recipient.
     * @param amount Its amount.
     */
    error KCBatchPayoutsInvalidItem(uint256 index, address recipient, uint256 amount);

    /// @notice The most items one call may carry: 200.
    function MAX_RECIPIENTS() external view returns (uint256);

    /**
     * @notice Pays `amounts[i]` KC from the caller to `recipients[i]` for every `i`.
     * @dev Requirements: not paused; 1 to {MAX_RECIPIENTS} items; arrays of equal length; the
     * caller allowed this contract the total. In `Atomic` mode any bad item reverts the call (with
     * {KCBatchPayoutsInvalidItem} or the token's error); in `Partial` mode it emits {PayoutFailed}
     * and the rest go ahead. Emits {PayoutSent} per paid item, then {BatchPayoutExecuted}.
     * @param mode Atomic or partial.
     * @param recipients Who receives; duplicates allowed.
     * @param amounts How much each item pays.
     * @param ref The integrator's identifier for the batch.
     * @return batchId The batch's id.
     * @return paidCount The number of items paid.
     * @return paidTotal The KC paid out in total.
     */
    function payout(
        Mode mode,
        address[] calldata recipients,
        uint256[] calldata amounts,
        bytes32 ref
    ) external returns (uint256 batchId, uint256 paidCount, uint256 paidTotal);

    /// @notice How many batches have been executed; the latest has this id.
    function batchCount() external view returns (uint256);
}
