// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IKatyCoin} from "../token/IKatyCoin.sol";
import {IKCBatchPayouts} from "./IKCBatchPayouts.sol";
import {KCPaymentBase} from "./KCPaymentBase.sol";

/**
 * @title KCBatchPayouts
 * @notice Pays many recipients from one sender in one call, atomically or skipping failed items.
 * @dev See {IKCBatchPayouts} for behaviour. Each item is one `transferFrom` from the sender to the
 * recipient, so nothing passes through or stays in this contract.
 *
 * @custom:security-contact security@katycoin.invalid
 */
contract KCBatchPayouts is KCPaymentBase, IKCBatchPayouts {
    using SafeERC20 for IKatyCoin;

    /**
     * @inheritdoc IKCBatchPayouts
     * @dev 200 items cost about 6 million gas when every recipient is new to KC (the costliest case),
     * a fifth of a 30-million-gas block, so a batch fits beside other traffic and stays well inside
     * the per-transaction limits of common RPC providers. Batching more saves almost nothing per
     * item: the fixed part of a call is already spread thin at 100.
     */
    uint256 public constant MAX_RECIPIENTS = 200;

    /// @custom:storage-location erc7201:kc.storage.KCBatchPayouts
    struct KCBatchPayoutsStorage {
        uint256 batchCount;
    }

    // keccak256(abi.encode(uint256(keccak256("kc.storage.KCBatchPayouts")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant KC_BATCH_PAYOUTS_STORAGE_LOCATION =
        0xed916dac9f78dcad5b598780b3c2a0625ae0f33c0ea60af17ee4bc37c0131d00;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /**
     * @notice Sets up the contract behind a fresh proxy.
     * @param token_ The KC token.
     * @param admin Receives every role; it hands them over after deployment.
     */
    function initialize(address token_, address admin) external initializer {
        if (token_ == address(0)) revert KCBatchPayoutsZeroAddress("token");
        if (admin == address(0)) revert KCBatchPayoutsZeroAddress("admin");

        __KCPaymentBase_init(IKatyCoin(token_), admin);
    }

    /// @inheritdoc IKCBatchPayouts
    function payout(
        Mode mode,
        address[] calldata recipients,
        uint256[] calldata amounts,
        bytes32 ref
    ) external nonReentrant whenNotPaused returns (uint256 batchId, uint256 paidCount, uint256 paidTotal) {
        uint256 count = recipients.length;
        if (count == 0) revert KCBatchPayoutsEmpty();
        if (count > MAX_RECIPIENTS) revert KCBatchPayoutsTooManyRecipients(count, MAX_RECIPIENTS);
        if (amounts.length != count) revert KCBatchPayoutsLengthMismatch(count, amounts.length);
        if (mode == Mode.Atomic) _checkItems(recipients, amounts);

        batchId = ++_getKCBatchPayoutsStorage().batchCount;

        IKatyCoin kc = token();
        for (uint256 i = 0; i < count; ++i) {
            address recipient = recipients[i];
            uint256 amount = amounts[i];

            if (mode == Mode.Atomic) {
                kc.safeTransferFrom(msg.sender, recipient, amount);
            } else {
                bytes memory reason = _tryItem(kc, i, recipient, amount);
                if (reason.length != 0) {
                    emit PayoutFailed(batchId, recipient, i, amount, reason);
                    continue;
                }
            }
            emit PayoutSent(batchId, recipient, i, amount);

            ++paidCount;
            paidTotal += amount;
        }

        emit BatchPayoutExecuted(batchId, msg.sender, ref, mode, count, paidCount, paidTotal);
    }

    /// @inheritdoc IKCBatchPayouts
    function batchCount() external view returns (uint256) {
        return _getKCBatchPayoutsStorage().batchCount;
    }

    /// @dev Atomic mode checks every item before any KC moves.
    function _checkItems(address[] calldata recipients, uint256[] calldata amounts) private pure {
        for (uint256 i = 0; i < recipients.length; ++i) {
            if (recipients[i] == address(0) || amounts[i] == 0) {
                revert KCBatchPayoutsInvalidItem(i, recipients[i], amounts[i]);
            }
        }
    }

    /**
     * @dev Partial mode: pays one item and returns an empty reason, or returns why it was not paid
     * (our own error for a bad item, else the token's revert data) without reverting.
     */
    function _tryItem(
        IKatyCoin kc,
        uint256 index,
        address recipient,
        uint256 amount
    ) private returns (bytes memory reason) {
        if (recipient == address(0) || amount == 0) {
            return abi.encodeWithSelector(KCBatchPayoutsInvalidItem.selector, index, recipient, amount);
        }

        try kc.transferFrom(msg.sender, recipient, amount) returns (bool ok) {
            // An ERC-20 may report failure by returning false instead of reverting.
            if (!ok) reason = _failedOperation(kc);
        } catch (bytes memory tokenError) {
            // An empty revert (a bare `revert()`, or the token running out of gas) must still read as
            // a failure, so it gets SafeERC20's error naming the token.
            reason = tokenError.length != 0 ? tokenError : _failedOperation(kc);
        }
    }

    function _failedOperation(IKatyCoin kc) private pure returns (bytes memory) {
        return abi.encodeWithSelector(SafeERC20.SafeERC20FailedOperation.selector, address(kc));
    }

    function _getKCBatchPayoutsStorage() private pure returns (KCBatchPayoutsStorage storage $) {
        assembly {
            $.slot := KC_BATCH_PAYOUTS_STORAGE_LOCATION
        }
    }
}
