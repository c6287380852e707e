// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IKatyCoin} from "../token/IKatyCoin.sol";
import {IKCPayments} from "./IKCPayments.sol";
import {KCPaymentBase} from "./KCPaymentBase.sol";

/**
 * @title KCPayments
 * @notice Direct KC payments and payment requests, with a protocol fee to a treasury.
 * @dev See {IKCPayments} for behaviour. KC moves straight from the payer to the payee and to the
 * treasury; this contract never holds any.
 *
 * @custom:security-contact security@katycoin.invalid
 */
contract KCPayments is KCPaymentBase, IKCPayments {
    using SafeERC20 for IKatyCoin;

    /// @inheritdoc IKCPayments
    uint16 public constant MAX_FEE_BPS = 500;

    /// @inheritdoc IKCPayments
    uint256 public constant MAX_MEMO_BYTES = 256;

    uint256 private constant BPS_DENOMINATOR = 10_000;

    /// @custom:storage-location erc7201:kc.storage.KCPayments
    struct KCPaymentsStorage {
        // Read together on every payment, so they share one slot.
        address treasury;
        uint16 feeBps;
        uint256 requestCount;
        mapping(uint256 requestId => PaymentRequest) requests;
    }

    // keccak256(abi.encode(uint256(keccak256("kc.storage.KCPayments")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant KC_PAYMENTS_STORAGE_LOCATION =
        0x1456d69b9306953c07321a8576eb826a83cbc90b8862509758eae0b35a451500;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /**
     * @notice Sets up the contract behind a fresh proxy.
     * @param token_ The KC token.
     * @param admin Receives every role; it hands them over after deployment.
     * @param treasury_ Receives the fees.
     * @param feeBps_ The fee in basis points, at most {MAX_FEE_BPS}.
     */
    function initialize(address token_, address admin, address treasury_, uint16 feeBps_) external initializer {
        if (token_ == address(0)) revert KCPaymentsZeroAddress("token");
        if (admin == address(0)) revert KCPaymentsZeroAddress("admin");

        __KCPaymentBase_init(IKatyCoin(token_), admin);
        _setTreasury(treasury_);
        _setFee(feeBps_);
    }

    /// @inheritdoc IKCPayments
    function pay(address to, uint256 amount, bytes32 ref, string calldata memo) external nonReentrant whenNotPaused {
        _checkPayment(to, amount, memo);

        _pay(to, amount, ref, memo);
    }

    /// @inheritdoc IKCPayments
    function payWithPermit(
        address to,
        uint256 amount,
        bytes32 ref,
        string calldata memo,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant whenNotPaused {
        _checkPayment(to, amount, memo);

        // A failed permit is not fatal: someone may have submitted the signature first, and then
        // the allowance is already in place. If it is not, the transfer reverts with the token's
        // allowance error, which says what is missing.
        try token().permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        _pay(to, amount, ref, memo);
    }

    /// @inheritdoc IKCPayments
    function createRequest(
        uint256 amount,
        address payer,
        uint64 expiresAt,
        bytes32 ref
    ) external whenNotPaused returns (uint256 requestId) {
        if (amount == 0) revert KCPaymentsZeroAmount();
        if (payer == msg.sender) revert KCPaymentsSelfPayment(msg.sender);
        if (expiresAt <= block.timestamp) revert KCPaymentsInvalidExpiry(expiresAt, block.timestamp);

        KCPaymentsStorage storage $ = _getKCPaymentsStorage();
        requestId = ++$.requestCount;
        $.requests[requestId] = PaymentRequest({
            payee: msg.sender,
            expiresAt: expiresAt,
            status: RequestStatus.Open,
            payer: payer,
            amount: amount,
            ref: ref
        });
        emit PaymentRequestCreated(requestId, msg.sender, payer, amount, expiresAt, ref);
    }

    /// @inheritdoc IKCPayments
    function payRequest(uint256 requestId) external nonReentrant whenNotPaused {
        KCPaymentsStorage storage $ = _getKCPaymentsStorage();
        PaymentRequest storage request = $.requests[requestId];
        RequestStatus status = request.status;
        if (status == RequestStatus.None) revert KCPaymentsRequestNotFound(requestId);
        if (status != RequestStatus.Open) revert KCPaymentsRequestNotOpen(requestId, status);
        if (block.timestamp >= request.expiresAt) {
            revert KCPaymentsRequestExpired(requestId, request.expiresAt, block.timestamp);
        }
        address payer = request.payer;
        if (payer != address(0) && payer != msg.sender) {
            revert KCPaymentsNotRequestPayer(requestId, payer, msg.sender);
        }
        address payee = request.payee;
        if (payee == msg.sender) revert KCPaymentsSelfPayment(msg.sender);

        request.status = RequestStatus.Paid;
        uint256 gross = request.amount;
        (address treasury_, uint256 fee, uint256 net) = _feeSplit($, gross);
        emit PaymentRequestPaid(requestId, msg.sender, payee, gross, fee, net, treasury_);

        _transferSplit(payee, treasury_, fee, net);
    }

    /// @inheritdoc IKCPayments
    function cancelRequest(uint256 requestId) external {
        PaymentRequest storage request = _getKCPaymentsStorage().requests[requestId];
        RequestStatus status = request.status;
        if (status == RequestStatus.None) revert KCPaymentsRequestNotFound(requestId);
        if (request.payee != msg.sender) revert KCPaymentsNotRequestPayee(requestId, request.payee, msg.sender);
        if (status != RequestStatus.Open) revert KCPaymentsRequestNotOpen(requestId, status);

        request.status = RequestStatus.Cancelled;
        emit PaymentRequestCancelled(requestId, msg.sender);
    }

    /// @inheritdoc IKCPayments
    function setFee(uint16 newFeeBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setFee(newFeeBps);
    }

    /// @inheritdoc IKCPayments
    function setTreasury(address newTreasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(newTreasury);
    }

    /// @inheritdoc IKCPayments
    function feeBps() external view returns (uint16) {
        return _getKCPaymentsStorage().feeBps;
    }

    /// @inheritdoc IKCPayments
    function treasury() external view returns (address) {
        return _getKCPaymentsStorage().treasury;
    }

    /// @inheritdoc IKCPayments
    function quote(uint256 gross) external view returns (uint256 fee, uint256 net) {
        (, fee, net) = _feeSplit(_getKCPaymentsStorage(), gross);
    }

    /// @inheritdoc IKCPayments
    function getRequest(uint256 requestId) external view returns (PaymentRequest memory) {
        return _getKCPaymentsStorage().requests[requestId];
    }

    /// @inheritdoc IKCPayments
    function requestCount() external view returns (uint256) {
        return _getKCPaymentsStorage().requestCount;
    }

    function _checkPayment(address to, uint256 amount, string calldata memo) private view {
        if (to == address(0)) revert KCPaymentsZeroAddress("to");
        if (to == msg.sender) revert KCPaymentsSelfPayment(msg.sender);
        if (amount == 0) revert KCPaymentsZeroAmount();
        uint256 memoLength = bytes(memo).length;
        if (memoLength > MAX_MEMO_BYTES) revert KCPaymentsMemoTooLong(memoLength, MAX_MEMO_BYTES);
    }

    /// @dev The effects and interactions of a checked direct payment.
    function _pay(address to, uint256 gross, bytes32 ref, string calldata memo) private {
        (address treasury_, uint256 fee, uint256 net) = _feeSplit(_getKCPaymentsStorage(), gross);
        emit PaymentMade(msg.sender, to, ref, gross, fee, net, treasury_, memo);

        _transferSplit(to, treasury_, fee, net);
    }

    /// @dev Pulls `net` to the payee and `fee` to the treasury from the caller; skips a zero fee.
    function _transferSplit(address payee, address treasury_, uint256 fee, uint256 net) private {
        IKatyCoin kc = token();
        kc.safeTransferFrom(msg.sender, payee, net);
        if (fee != 0) kc.safeTransferFrom(msg.sender, treasury_, fee);
    }

    /// @dev Rounds the fee down, so the payee's share is never short by more than one base unit.
    function _feeSplit(
        KCPaymentsStorage storage $,
        uint256 gross
    ) private view returns (address treasury_, uint256 fee, uint256 net) {
        treasury_ = $.treasury;
        fee = (gross * $.feeBps) / BPS_DENOMINATOR;
        // Cannot underflow: feeBps <= MAX_FEE_BPS < BPS_DENOMINATOR, so fee < gross.
        unchecked {
            net = gross - fee;
        }
    }

    function _setFee(uint16 newFeeBps) private {
        if (newFeeBps > MAX_FEE_BPS) revert KCPaymentsFeeTooHigh(newFeeBps, MAX_FEE_BPS);

        KCPaymentsStorage storage $ = _getKCPaymentsStorage();
        uint16 previous = $.feeBps;
        $.feeBps = newFeeBps;
        emit FeeUpdated(previous, newFeeBps);
    }

    function _setTreasury(address newTreasury) private {
        if (newTreasury == address(0)) revert KCPaymentsZeroAddress("treasury");

        KCPaymentsStorage storage $ = _getKCPaymentsStorage();
        address previous = $.treasury;
        $.treasury = newTreasury;
        emit TreasuryUpdated(previous, newTreasury);
    }

    function _getKCPaymentsStorage() private pure returns (KCPaymentsStorage storage $) {
        assembly {
            $.slot := KC_PAYMENTS_STORAGE_LOCATION
        }
    }
}
