// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {IKatyCoin} from "../../../contracts/token/IKatyCoin.sol";
import {KatyCoin} from "../../../contracts/token/KatyCoin.sol";
import {KCTest} from "../../../test/lib/KCTest.sol";
import {IMerchantCheckout} from "../contracts/IMerchantCheckout.sol";
import {MerchantCheckout} from "../contracts/MerchantCheckout.sol";

/**
 * @notice Drives random payments, refunds and withdrawals through the checkout, and keeps ghost totals of
 * what each should have moved.
 */
contract MerchantCheckoutHandler is KCTest {
    uint256 private constant SIGNER_KEY = 0x5161;
    uint256 private constant BUYERS = 4;

    IKatyCoin public immutable token;
    MerchantCheckout public immutable checkout;
    address public immutable merchant;

    bytes32[] private _orderIds;

    uint256 public ghostPaid;
    uint256 public ghostRefunded;
    uint256 public ghostWithdrawn;

    constructor(IKatyCoin token_, MerchantCheckout checkout_, address merchant_) {
        token = token_;
        checkout = checkout_;
        merchant = merchant_;
    }

    function signerAddress() external pure returns (address) {
        return vm.addr(SIGNER_KEY);
    }

    function buyer(uint256 seed) public pure returns (address) {
        return address(uint160(0xB0000 + (seed % BUYERS)));
    }

    function pay(uint256 buyerSeed, uint256 amount) external {
        address payer = buyer(buyerSeed);
        uint256 balance = token.balanceOf(payer);
        if (balance == 0) return;
        amount = bound(amount, 1, balance);
        IMerchantCheckout.Quote memory quote = IMerchantCheckout.Quote({
            orderId: keccak256(abi.encode("order", _orderIds.length)),
            buyer: payer,
            amount: amount,
            expiresAt: uint64(block.timestamp + 1 hours)
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(SIGNER_KEY, checkout.quoteDigest(quote));

        vm.prank(payer);
        checkout.pay(quote, abi.encodePacked(r, s, v));

        _orderIds.push(quote.orderId);
        ghostPaid += amount;
    }

    function refund(uint256 orderSeed, uint256 amount) external {
        if (_orderIds.length == 0) return;
        bytes32 orderId = _orderIds[orderSeed % _orderIds.length];
        IMerchantCheckout.Order memory stored = checkout.order(orderId);
        uint256 refundable = stored.amount - stored.refunded;
        uint256 available = token.balanceOf(address(checkout));
        uint256 cover = refundable < available ? refundable : available;
        if (cover == 0) return;
        amount = bound(amount, 1, cover);

        vm.prank(merchant);
        checkout.refund(orderId, amount);

        ghostRefunded += amount;
    }

    function withdraw(uint256 amount) external {
        uint256 available = token.balanceOf(address(checkout));
        if (available == 0) return;
        amount = bound(amount, 1, available);

        vm.prank(merchant);
        checkout.withdraw(merchant, amount);

        ghostWithdrawn += amount;
    }

    function orderAmounts(uint256 index) external view returns (uint256 paid, uint256 refunded) {
        IMerchantCheckout.Order memory stored = checkout.order(_orderIds[index]);
        return (stored.amount, stored.refunded);
    }

    function orderCount() external view returns (uint256) {
        return _orderIds.length;
    }
}

/// @notice Invariants of the checkout's accounting over random sequences of payments, refunds and withdrawals.
contract MerchantCheckoutInvariantTest is KCTest {
    address private constant ADMIN = address(0xA11CE);
    address private constant MERCHANT = address(0x3E3C);

    KatyCoin private token;
    MerchantCheckout private checkout;
    MerchantCheckoutHandler private handler;

    function setUp() public {
        KatyCoin implementation = new KatyCoin();
        bytes memory init = abi.encodeCall(KatyCoin.initialize, (ADMIN, 1_000_000_000e18));
        token = KatyCoin(address(new ERC1967Proxy(address(implementation), init)));

        // The signer key lives in the handler; deploy with a placeholder and hand over to it.
        checkout = new MerchantCheckout(token, MERCHANT, MERCHANT);
        handler = new MerchantCheckoutHandler(token, checkout, MERCHANT);
        address signer = handler.signerAddress();
        vm.prank(MERCHANT);
        checkout.setQuoteSigner(signer);

        for (uint256 i = 0; i < 4; i++) {
            address payer = handler.buyer(i);
            vm.prank(ADMIN);
            token.mint(payer, 1_000_000e18);
            vm.prank(payer);
            token.approve(address(checkout), type(uint256).max);
        }
        targetContract(address(handler));
    }

    function invariant_BalanceIsPaidMinusRefundedMinusWithdrawn() public view {
        uint256 expected = handler.ghostPaid() - handler.ghostRefunded() - handler.ghostWithdrawn();
        vm.assertEq(token.balanceOf(address(checkout)), expected, "checkout balance");
        vm.assertEq(checkout.totalPaid(), handler.ghostPaid(), "totalPaid");
        vm.assertEq(checkout.totalRefunded(), handler.ghostRefunded(), "totalRefunded");
        vm.assertEq(checkout.totalWithdrawn(), handler.ghostWithdrawn(), "totalWithdrawn");
    }

    function invariant_NoOrderIsRefundedBeyondWhatWasPaid() public view {
        uint256 count = handler.orderCount();
        for (uint256 i = 0; i < count; i++) {
            (uint256 paid, uint256 refunded) = handler.orderAmounts(i);
            vm.assertLe(refunded, paid, "refunded within paid");
        }
    }
}
