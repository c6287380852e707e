// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKCPaymentBase} from "./IKCPaymentBase.sol";

/**
 * @title IKCPayments
 * @notice Direct KC payments with a reference and a memo, and payment requests (invoices) that a
 * payee creates and a payer settles once. A protocol fee in basis points goes to a treasury.
 * @dev The contract never holds KC: every payment pulls `gross` from the payer with the payer's
 * allowance and sends `net` to the payee and `fee` to the treasury in the same transaction.
 *
 * Fee: `fee = gross * feeBps / 10_000`, rounded down (in the payer's favour), `net = gross - fee`.
 * NOTE: with rounding down, a payment below `10_000 / feeBps` base units pays no fee. Splitting a
 * payment to dodge the fee costs far more gas than it saves at any realistic fee.
 */
interface IKCPayments is IKCPaymentBase {
    /// @notice The life of a payment request. An open request past its expiry can no longer be paid.
    enum RequestStatus {
        None,
        Open,
        Paid,
        Cancelled
    }

    /**
     * @notice A payment request as stored.
     * @param payee Receives the net amount; the only one who may cancel.
     * @param expiresAt The first timestamp at which the request can no longer be paid.
     * @param status Where the request is in its life.
     * @param payer The only account that may pay, or the zero address if anyone may.
     * @param amount The gross amount the payer pays (the fee comes out of it).
     * @param ref The integrator's identifier, e.g. an order id.
     */
    struct PaymentRequest {
        address payee;
        uint64 expiresAt;
        RequestStatus status;
        address payer;
        uint256 amount;
        bytes32 ref;
    }

    /**
     * @notice A payment was made with {pay} or {payWithPermit}.
     * @param payer The account the gross amount came from.
     * @param payee The account that received the net amount.
     * @param ref The integrator's identifier for the payment.
     * @param gross The amount taken from the payer: `fee + net`.
     * @param fee The amount sent to the treasury.
     * @param net The amount the payee received.
     * @param treasury The account that received the fee.
     * @param memo The payer's free-text note.
     */
    event PaymentMade(
        address indexed payer,
        address indexed payee,
        bytes32 indexed ref,
        uint256 gross,
        uint256 fee,
        uint256 net,
        address treasury,
        string memo
    );

    /**
     * @notice A payee created a payment request.
     * @param requestId The new request's id (ids start at 1 and increase by one).
     * @param payee The account that will receive the net amount.
     * @param payer The only account that may pay, or the zero address if anyone may.
     * @param amount The gross amount to pay.
     * @param expiresAt The first timestamp at which the request can no longer be paid.
     * @param ref The integrator's identifier.
     */
    event PaymentRequestCreated(
        uint256 indexed requestId,
        address indexed payee,
        address indexed payer,
        uint256 amount,
        uint64 expiresAt,
        bytes32 ref
    );

    /**
     * @notice A payment request was paid; it can never be paid again.
     * @param requestId The request's id.
     * @param payer The account that paid (the named payer, or whoever paid an open-to-anyone request).
     * @param payee The account that received the net amount.
     * @param gross The amount taken from the payer: the request's amount.
     * @param fee The amount sent to the treasury.
     * @param net The amount the payee received.
     * @param treasury The account that received the fee.
     */
    event PaymentRequestPaid(
        uint256 indexed requestId,
        address indexed payer,
        address indexed payee,
        uint256 gross,
        uint256 fee,
        uint256 net,
        address treasury
    );

    /**
     * @notice The payee cancelled an unpaid payment request.
     * @param requestId The request's id.
     * @param payee The payee who cancelled it.
     */
    event PaymentRequestCancelled(uint256 indexed requestId, address indexed payee);

    /**
     * @notice The protocol fee changed.
     * @param previousFeeBps The fee before, in basis points.
     * @param newFeeBps The fee after, in basis points.
     */
    event FeeUpdated(uint16 previousFeeBps, uint16 newFeeBps);

    /**
     * @notice The treasury that receives fees changed.
     * @param previousTreasury The treasury before (zero at initialisation).
     * @param newTreasury The treasury after.
     */
    event TreasuryUpdated(address indexed previousTreasury, address indexed newTreasury);

    /**
     * @notice An address that must be set was the zero address.
     * @param parameter The name of the parameter that was zero.
     */
    error KCPaymentsZeroAddress(string parameter);

    /// @notice A payment or request of zero KC was asked for.
    error KCPaymentsZeroAmount();

    /**
     * @notice The payer and the payee are the same account, which would only move a fee.
     * @param account The account on both sides.
     */
    error KCPaymentsSelfPayment(address account);

    /**
     * @notice A memo is longer than {MAX_MEMO_BYTES}.
     * @param length The memo's length in bytes (UTF-8).
     * @param maxLength The longest memo allowed.
     */
    error KCPaymentsMemoTooLong(uint256 length, uint256 maxLength);

    /**
     * @notice A fee above {MAX_FEE_BPS} was asked for.
     * @param feeBps The fee asked for, in basis points.
     * @param maxFeeBps The highest fee allowed.
     */
    error KCPaymentsFeeTooHigh(uint256 feeBps, uint256 maxFeeBps);

    /**
     * @notice A request's expiry is not in the future.
     * @param expiresAt The expiry asked for.
     * @param currentTime The block timestamp.
     */
    error KCPaymentsInvalidExpiry(uint64 expiresAt, uint256 currentTime);

    /**
     * @notice No request has this id.
     * @param requestId The id asked for.
     */
    error KCPaymentsRequestNotFound(uint256 requestId);

    /**
     * @notice The request is not open: it was paid or cancelled already.
     * @param requestId The request's id.
     * @param status Its current status.
     */
    error KCPaymentsRequestNotOpen(uint256 requestId, RequestStatus status);

    /**
     * @notice The request reached its expiry and can no longer be paid.
     * @param requestId The request's id.
     * @param expiresAt Its expiry.
     * @param currentTime The block timestamp.
     */
    error KCPaymentsRequestExpired(uint256 requestId, uint64 expiresAt, uint256 currentTime);

    /**
     * @notice The request names a payer and the caller is someone else.
     * @param requestId The request's id.
     * @param payer The payer the request names.
     * @param caller The account that tried to pay.
     */
    error KCPaymentsNotRequestPayer(uint256 requestId, address payer, address caller);

    /**
     * @notice Only the request's payee may cancel it.
     * @param requestId The request's id.
     * @param payee The request's payee.
     * @param caller The account that tried to cancel.
     */
    error KCPaymentsNotRequestPayee(uint256 requestId, address payee, address caller);

    /// @notice The highest fee the admin can set: 500 basis points (5%).
    function MAX_FEE_BPS() external view returns (uint16);

    /// @notice The longest memo accepted: 256 bytes of UTF-8.
    function MAX_MEMO_BYTES() external view returns (uint256);

    /**
     * @notice Pays `amount` KC to `to`, taking the fee out of it.
     * @dev Requirements: not paused; `to` is not zero and not the caller; `amount` is not zero;
     * `memo` is at most {MAX_MEMO_BYTES} bytes; the caller allowed this contract at least `amount`.
     * Emits {PaymentMade}.
     *
     * NOTE: the net moves first, then the fee. With too small an allowance or balance the token's
     * error (`ERC20InsufficientAllowance`, `ERC20InsufficientBalance`) describes the leg that
     * failed, so its "needed" value is the net or the fee, not the gross.
     * @param to The payee.
     * @param amount The gross amount taken from the caller.
     * @param ref The integrator's identifier (an order id); not checked for uniqueness.
     * @param memo A short free-text note.
     */
    function pay(address to, uint256 amount, bytes32 ref, string calldata memo) external;

    /**
     * @notice {pay} in one transaction, approving this contract with the caller's EIP-2612 permit.
     * @dev The permit is for `amount` to this contract. If the permit call fails (for instance
     * because someone front-ran it and used the signature first), the payment still goes ahead when
     * the allowance is already enough; otherwise it reverts with the token's allowance error.
     * Emits {PaymentMade}.
     */
    function payWithPermit(
        address to,
        uint256 amount,
        bytes32 ref,
        string calldata memo,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /**
     * @notice Creates a payment request with the caller as payee.
     * @dev Requirements: not paused; `amount` is not zero; `expiresAt` is after the block
     * timestamp; `payer` is not the caller. Emits {PaymentRequestCreated}.
     * @param amount The gross amount the payer will pay.
     * @param payer The only account that may pay it, or the zero address for anyone.
     * @param expiresAt The first timestamp at which it can no longer be paid.
     * @param ref The integrator's identifier.
     * @return requestId The new request's id.
     */
    function createRequest(
        uint256 amount,
        address payer,
        uint64 expiresAt,
        bytes32 ref
    ) external returns (uint256 requestId);

    /**
     * @notice Pays an open request in full, once.
     * @dev Requirements: not paused; the request is open and not expired (`block.timestamp <
     * expiresAt`); the caller is its payer if it names one, and is not its payee; the caller
     * allowed this contract at least its amount. Emits {PaymentRequestPaid}.
     */
    function payRequest(uint256 requestId) external;

    /**
     * @notice Cancels an open request so it can no longer be paid. Works while paused and after
     * expiry.
     * @dev Requirements: the caller is the request's payee; the request is open.
     * Emits {PaymentRequestCancelled}.
     */
    function cancelRequest(uint256 requestId) external;

    /**
     * @notice Sets the protocol fee.
     * @dev Requirements: the caller has `DEFAULT_ADMIN_ROLE`; `newFeeBps <= MAX_FEE_BPS`.
     * Emits {FeeUpdated}.
     */
    function setFee(uint16 newFeeBps) external;

    /**
     * @notice Sets the account that receives fees.
     * @dev Requirements: the caller has `DEFAULT_ADMIN_ROLE`; `newTreasury` is not zero.
     * Emits {TreasuryUpdated}.
     */
    function setTreasury(address newTreasury) external;

    /// @notice The protocol fee in basis points.
    function feeBps() external view returns (uint16);

    /// @notice The account that receives fees.
    function treasury() external view returns (address);

    /// @notice What a payment of `gross` would pay in fee and deliver net at the current fee.
    function quote(uint256 gross) external view returns (uint256 fee, uint256 net);

    /// @notice A request as stored; a request that does not exist has status `None`.
    function getRequest(uint256 requestId) external view returns (PaymentRequest memory);

    /// @notice How many requests have been created; the latest has this id.
    function requestCount() external view returns (uint256);
}
