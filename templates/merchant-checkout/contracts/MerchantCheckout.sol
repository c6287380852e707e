// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {IKatyCoin} from "../../../contracts/token/IKatyCoin.sol";
import {IMerchantCheckout} from "./IMerchantCheckout.sol";

/**
 * @title MerchantCheckout
 * @notice A shop's checkout in KC: signed quotes paid once per order id, refunds and withdrawals by the merchant
 * (the owner), order status on chain.
 * @dev Not upgradeable on purpose: buyers can read once what the checkout may ever do with their KC. Ownership
 * moves in two steps (Ownable2Step) so a typo cannot hand the shop to a dead address.
 *
 * Accounting: the checkout's KC balance equals `totalPaid - totalRefunded - totalWithdrawn`, plus whatever was
 * sent to it directly (which the merchant can withdraw).
 */
contract MerchantCheckout is IMerchantCheckout, Ownable2Step, EIP712, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 private constant QUOTE_TYPEHASH = keccak256(
        "Quote(bytes32 orderId,address buyer,uint256 amount,uint64 expiresAt)"
    );

    /// @notice The KC token the checkout accepts.
    IKatyCoin public immutable token;

    /// @inheritdoc IMerchantCheckout
    address public quoteSigner;

    /// @inheritdoc IMerchantCheckout
    uint256 public totalPaid;

    /// @inheritdoc IMerchantCheckout
    uint256 public totalRefunded;

    /// @inheritdoc IMerchantCheckout
    uint256 public totalWithdrawn;

    mapping(bytes32 orderId => Order) private _orders;

    /**
     * @param token_ The KC token.
     * @param merchant The owner: refunds, withdraws, and replaces the quote signer.
     * @param quoteSigner_ The key the shop's backend signs quotes with (a hot key; it can only make quotes).
     */
    constructor(
        IKatyCoin token_,
        address merchant,
        address quoteSigner_
    ) Ownable(merchant) EIP712("MerchantCheckout", "1") {
        if (address(token_) == address(0)) revert MerchantCheckoutZeroAddress("token");
        if (quoteSigner_ == address(0)) revert MerchantCheckoutZeroAddress("quoteSigner");

        token = token_;
        quoteSigner = quoteSigner_;
        emit QuoteSignerChanged(address(0), quoteSigner_);
    }

    /// @inheritdoc IMerchantCheckout
    function pay(Quote calldata quote, bytes calldata signature) external nonReentrant {
        _pay(quote, signature);
    }

    /// @inheritdoc IMerchantCheckout
    function payWithPermit(
        Quote calldata quote,
        bytes calldata signature,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        // A permit copied from the mempool and used first makes this call fail; the allowance it set is still
        // there, so the payment below goes through. A missing allowance fails in the transfer instead.
        try token.permit(msg.sender, address(this), quote.amount, permitDeadline, v, r, s) {} catch {}

        _pay(quote, signature);
    }

    /// @inheritdoc IMerchantCheckout
    function refund(bytes32 orderId, uint256 amount) external onlyOwner nonReentrant {
        Order storage stored = _orders[orderId];
        if (stored.status == OrderStatus.None) revert MerchantCheckoutOrderNotPaid(orderId);
        if (amount == 0) revert MerchantCheckoutZeroAmount();
        uint256 refundable = stored.amount - stored.refunded;
        if (amount > refundable) revert MerchantCheckoutRefundTooLarge(orderId, amount, refundable);
        _requireBalance(amount);

        stored.refunded += amount;
        stored.status = amount == refundable ? OrderStatus.Refunded : OrderStatus.PartiallyRefunded;
        totalRefunded += amount;
        emit OrderRefunded(orderId, stored.buyer, amount, stored.refunded);

        IERC20(token).safeTransfer(stored.buyer, amount);
    }

    /// @inheritdoc IMerchantCheckout
    function withdraw(address to, uint256 amount) external onlyOwner nonReentrant {
        if (to == address(0)) revert MerchantCheckoutZeroAddress("to");
        if (amount == 0) revert MerchantCheckoutZeroAmount();
        _requireBalance(amount);

        totalWithdrawn += amount;
        emit TakingsWithdrawn(to, amount);

        IERC20(token).safeTransfer(to, amount);
    }

    /// @inheritdoc IMerchantCheckout
    function setQuoteSigner(address newSigner) external onlyOwner {
        if (newSigner == address(0)) revert MerchantCheckoutZeroAddress("newSigner");

        address previousSigner = quoteSigner;
        quoteSigner = newSigner;
        emit QuoteSignerChanged(previousSigner, newSigner);
    }

    /// @dev Disabled: an ownerless checkout could never refund or withdraw again.
    function renounceOwnership() public view override onlyOwner {
        revert MerchantCheckoutRenounceDisabled();
    }

    /// @inheritdoc IMerchantCheckout
    function order(bytes32 orderId) external view returns (Order memory) {
        return _orders[orderId];
    }

    /// @inheritdoc IMerchantCheckout
    function quoteDigest(Quote calldata quote) public view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(abi.encode(QUOTE_TYPEHASH, quote.orderId, quote.buyer, quote.amount, quote.expiresAt))
            );
    }

    function _pay(Quote calldata quote, bytes calldata signature) private {
        Order storage stored = _orders[quote.orderId];
        if (stored.status != OrderStatus.None) revert MerchantCheckoutOrderAlreadyPaid(quote.orderId);
        if (quote.amount == 0) revert MerchantCheckoutZeroAmount();
        if (msg.sender != quote.buyer) revert MerchantCheckoutWrongBuyer(quote.orderId, quote.buyer, msg.sender);
        if (block.timestamp > quote.expiresAt) {
            revert MerchantCheckoutQuoteExpired(quote.orderId, quote.expiresAt, block.timestamp);
        }
        address signer = quoteSigner;
        if (!SignatureChecker.isValidSignatureNow(signer, quoteDigest(quote), signature)) {
            revert MerchantCheckoutInvalidQuoteSignature(quote.orderId, signer);
        }

        stored.buyer = msg.sender;
        stored.paidAt = uint64(block.timestamp);
        stored.status = OrderStatus.Paid;
        stored.amount = quote.amount;
        totalPaid += quote.amount;
        emit OrderPaid(quote.orderId, msg.sender, quote.amount);

        IERC20(token).safeTransferFrom(msg.sender, address(this), quote.amount);
    }

    function _requireBalance(uint256 amount) private view {
        uint256 available = token.balanceOf(address(this));
        if (amount > available) revert MerchantCheckoutInsufficientBalance(amount, available);
    }
}
