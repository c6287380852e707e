// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IMerchantCheckout
 * @notice A shop's checkout in KC. The shop's backend signs a quote for an order (order id, buyer, amount,
 * expiry); the buyer pays the quote once; the merchant refunds orders in part or in full and withdraws the
 * takings. Every order's status is readable on chain by its id.
 * @dev Events and errors are declared and documented here once; the contract inherits the documentation.
 */
interface IMerchantCheckout {
    /// @notice Where an order stands. `None` means no payment was ever made for the id.
    enum OrderStatus {
        None,
        Paid,
        PartiallyRefunded,
        Refunded
    }

    /**
     * @notice What the shop's quote signer signs (EIP-712 type `Quote`).
     * @param orderId The shop's own reference for the order; each id is paid at most once.
     * @param buyer The only address that may pay this quote.
     * @param amount The price in KC base units.
     * @param expiresAt The last second (unix time) at which the quote may be paid.
     */
    struct Quote {
        bytes32 orderId;
        address buyer;
        uint256 amount;
        uint64 expiresAt;
    }

    /**
     * @notice An order as stored on chain.
     * @param buyer Who paid, and who receives refunds.
     * @param paidAt When it was paid (unix time).
     * @param status Where it stands.
     * @param amount What was paid.
     * @param refunded How much of it was refunded so far.
     */
    struct Order {
        address buyer;
        uint64 paidAt;
        OrderStatus status;
        uint256 amount;
        uint256 refunded;
    }

    /**
     * @notice An order was paid.
     * @param orderId The shop's reference.
     * @param buyer Who paid.
     * @param amount What was paid.
     */
    event OrderPaid(bytes32 indexed orderId, address indexed buyer, uint256 amount);

    /**
     * @notice The merchant refunded (part of) an order to its buyer.
     * @param orderId The shop's reference.
     * @param buyer Who received the refund.
     * @param amount This refund.
     * @param totalRefunded Everything refunded for this order so far, this refund included.
     */
    event OrderRefunded(bytes32 indexed orderId, address indexed buyer, uint256 amount, uint256 totalRefunded);

    /**
     * @notice The merchant withdrew KC from the checkout.
     * @param to Who received it.
     * @param amount How much.
     */
    event TakingsWithdrawn(address indexed to, uint256 amount);

    /**
     * @notice The address whose signature makes a quote valid changed.
     * @param previousSigner The signer before the change.
     * @param newSigner The signer after the change.
     */
    event QuoteSignerChanged(address indexed previousSigner, address indexed newSigner);

    /**
     * @notice An address that must be set was the zero address.
     * @param parameter The name of the parameter that was zero.
     */
    error MerchantCheckoutZeroAddress(string parameter);

    /// @notice An amount that must be positive was zero.
    error MerchantCheckoutZeroAmount();

    /**
     * @notice The order id was paid before; each id is paid once.
     * @param orderId The order id.
     */
    error MerchantCheckoutOrderAlreadyPaid(bytes32 orderId);

    /**
     * @notice The order id was never paid, so there is nothing to refund.
     * @param orderId The order id.
     */
    error MerchantCheckoutOrderNotPaid(bytes32 orderId);

    /**
     * @notice The quote's expiry has passed.
     * @param orderId The order id.
     * @param expiresAt The quote's expiry.
     * @param currentTime The block time of the attempt.
     */
    error MerchantCheckoutQuoteExpired(bytes32 orderId, uint64 expiresAt, uint256 currentTime);

    /**
     * @notice Someone other than the quote's buyer tried to pay it.
     * @param orderId The order id.
     * @param buyer The buyer named in the quote.
     * @param caller Who tried to pay.
     */
    error MerchantCheckoutWrongBuyer(bytes32 orderId, address buyer, address caller);

    /**
     * @notice The signature is not the quote signer's signature over this quote.
     * @param orderId The order id.
     * @param quoteSigner The signer the checkout expected.
     */
    error MerchantCheckoutInvalidQuoteSignature(bytes32 orderId, address quoteSigner);

    /**
     * @notice A refund asks for more than is left to refund on the order.
     * @param orderId The order id.
     * @param requested The refund asked for.
     * @param refundable What is left: paid minus already refunded.
     */
    error MerchantCheckoutRefundTooLarge(bytes32 orderId, uint256 requested, uint256 refundable);

    /**
     * @notice The checkout holds less KC than a refund or withdrawal needs (the merchant withdrew it).
     * @param requested The amount asked for.
     * @param available The checkout's KC balance.
     */
    error MerchantCheckoutInsufficientBalance(uint256 requested, uint256 available);

    /// @notice Renouncing ownership is disabled: it would lock the takings and refunds for good.
    error MerchantCheckoutRenounceDisabled();

    /**
     * @notice Pays an order with the quote the shop signed for it.
     * @dev Requirements: the caller is `quote.buyer`; the quote has not expired; the order id was never paid;
     * the amount is positive; `signature` is the quote signer's EIP-712 signature over the quote (an EOA's or,
     * through ERC-1271, a contract wallet's); the caller approved the checkout for `quote.amount` KC.
     * Emits {OrderPaid}.
     * NOTE: a quote carries no nonce: the order id is the nonce, so the shop must never reuse an id.
     */
    function pay(Quote calldata quote, bytes calldata signature) external;

    /**
     * @notice Pays an order like {pay}, approving the checkout with an EIP-2612 permit in the same transaction.
     * @dev Requirements: as {pay}, and `(v, r, s)` is the buyer's permit for `quote.amount` with
     * `permitDeadline`. If the permit was already used (someone copied it from the mempool), the payment still
     * goes through as long as the allowance is in place. Emits {OrderPaid}.
     */
    function payWithPermit(
        Quote calldata quote,
        bytes calldata signature,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /**
     * @notice Refunds `amount` of an order to its buyer.
     * @dev Requirements: the caller is the owner; the order was paid; `0 < amount <=` what is left to refund;
     * the checkout holds at least `amount`. Emits {OrderRefunded}.
     */
    function refund(bytes32 orderId, uint256 amount) external;

    /**
     * @notice Sends `amount` of the checkout's KC to `to`.
     * @dev Requirements: the caller is the owner; `to` is not zero; `0 < amount <=` the checkout's balance.
     * Emits {TakingsWithdrawn}.
     * WARNING: refunds are paid from what the checkout holds; withdraw everything and refunds fail until the
     * merchant sends KC back.
     */
    function withdraw(address to, uint256 amount) external;

    /**
     * @notice Replaces the address whose signatures make quotes valid.
     * @dev Requirements: the caller is the owner; `newSigner` is not zero. Quotes signed by the previous signer
     * stop being payable at once. Emits {QuoteSignerChanged}.
     */
    function setQuoteSigner(address newSigner) external;

    /// @notice The order stored under `orderId` (all zero, status `None`, if it was never paid).
    function order(bytes32 orderId) external view returns (Order memory);

    /// @notice The EIP-712 digest the quote signer signs for `quote`.
    function quoteDigest(Quote calldata quote) external view returns (bytes32);

    /// @notice The address whose signatures make quotes valid.
    function quoteSigner() external view returns (address);

    /// @notice Everything ever paid into the checkout.
    function totalPaid() external view returns (uint256);

    /// @notice Everything ever refunded.
    function totalRefunded() external view returns (uint256);

    /// @notice Everything ever withdrawn by the merchant.
    function totalWithdrawn() external view returns (uint256);
}
