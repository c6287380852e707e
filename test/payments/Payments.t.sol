// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {IKCEscrow} from "../../contracts/payments/IKCEscrow.sol";
import {IKCPaymentBase} from "../../contracts/payments/IKCPaymentBase.sol";
import {IKCPayments} from "../../contracts/payments/IKCPayments.sol";
import {IKCSubscriptions} from "../../contracts/payments/IKCSubscriptions.sol";
import {KCBatchPayouts} from "../../contracts/payments/KCBatchPayouts.sol";
import {KCEscrow} from "../../contracts/payments/KCEscrow.sol";
import {KCPayments} from "../../contracts/payments/KCPayments.sol";
import {KCSubscriptions} from "../../contracts/payments/KCSubscriptions.sol";
import {KatyCoin} from "../../contracts/token/KatyCoin.sol";
import {KCTest} from "../lib/KCTest.sol";
import {PaymentsHandler} from "./PaymentsHandler.sol";

/// @dev Shared set-up: KC and the four payment contracts behind ERC-1967 proxies.
abstract contract PaymentsSetUp is KCTest {
    address internal constant ADMIN = address(0xA11CE);
    address internal constant TREASURY = address(0x7EA5);
    uint16 internal constant FEE_BPS = 50;
    uint256 internal constant ACTOR_BALANCE = 1_000_000e18;

    KatyCoin internal kc;
    KCPayments internal payments;
    KCEscrow internal escrow;
    KCBatchPayouts internal batch;
    KCSubscriptions internal subscriptions;

    function _deploy() internal {
        KatyCoin kcImplementation = new KatyCoin();
        kc = KatyCoin(_proxy(address(kcImplementation), abi.encodeCall(KatyCoin.initialize, (ADMIN, 1e30))));
        address token = address(kc);

        payments = KCPayments(
            _proxy(address(new KCPayments()), abi.encodeCall(KCPayments.initialize, (token, ADMIN, TREASURY, FEE_BPS)))
        );
        escrow = KCEscrow(_proxy(address(new KCEscrow()), abi.encodeCall(KCEscrow.initialize, (token, ADMIN))));
        batch = KCBatchPayouts(
            _proxy(address(new KCBatchPayouts()), abi.encodeCall(KCBatchPayouts.initialize, (token, ADMIN)))
        );
        subscriptions = KCSubscriptions(
            _proxy(address(new KCSubscriptions()), abi.encodeCall(KCSubscriptions.initialize, (token, ADMIN)))
        );
    }

    function _proxy(address implementation, bytes memory init) private returns (address) {
        return address(new ERC1967Proxy(implementation, init));
    }
}

/// @notice Property tests of the fee arithmetic, one input at a time.
contract PaymentsFuzzTest is PaymentsSetUp {
    function setUp() public {
        _deploy();
    }

    function testFuzz_FeePlusNetIsGrossAndFeeRoundsDown(uint256 gross, uint256 feeBps) public {
        gross = bound(gross, 0, 1e36);
        feeBps = bound(feeBps, 0, payments.MAX_FEE_BPS());
        vm.prank(ADMIN);
        payments.setFee(uint16(feeBps));

        (uint256 fee, uint256 net) = payments.quote(gross);

        vm.assertEq(fee + net, gross, "fee and net add up to gross");
        vm.assertEq(fee, (gross * feeBps) / 10_000, "fee rounds down");
        vm.assertLe(fee * 10_000, gross * feeBps, "fee never above the rate");
    }

    function testFuzz_SetFeeAboveMaximumIsRefused(uint16 feeBps) public {
        vm.assume(feeBps > payments.MAX_FEE_BPS());

        vm.expectRevert(
            abi.encodeWithSelector(IKCPayments.KCPaymentsFeeTooHigh.selector, feeBps, payments.MAX_FEE_BPS())
        );
        vm.prank(ADMIN);
        payments.setFee(feeBps);
    }
}

/// @notice Invariant tests: random sequences of every payment operation.
contract PaymentsInvariantTest is PaymentsSetUp {
    PaymentsHandler internal handler;
    uint256 internal initialSupply;

    function setUp() public {
        _deploy();
        handler = new PaymentsHandler(
            PaymentsHandler.Contracts({
                kc: kc,
                payments: payments,
                escrow: escrow,
                batch: batch,
                subscriptions: subscriptions
            }),
            ADMIN
        );

        address[] memory actors = handler.actors();
        vm.startPrank(ADMIN);
        for (uint256 i = 0; i < actors.length; i++) {
            kc.mint(actors[i], ACTOR_BALANCE);
        }
        vm.stopPrank();
        initialSupply = kc.totalSupply();

        targetContract(address(handler));
    }

    function invariant_EscrowHoldsExactlyItsOpenAmounts() public view {
        uint256[] memory ids = handler.escrowIds();
        uint256 open;
        for (uint256 i = 0; i < ids.length; i++) {
            IKCEscrow.Escrow memory e = escrow.getEscrow(ids[i]);
            bool holding = e.status == IKCEscrow.EscrowStatus.Open || e.status == IKCEscrow.EscrowStatus.Disputed;
            if (holding) open += e.amount;
        }

        uint256 stray = handler.ghostStray(address(escrow));
        vm.assertEq(kc.balanceOf(address(escrow)), open + stray, "escrow holds open and disputed amounts and stray KC");
        vm.assertEq(escrow.totalHeld(), open, "totalHeld equals open and disputed amounts");
        vm.assertEq(handler.ghostEscrowHeld(), open, "independent count agrees");
    }

    function invariant_NoRequestIsPaidTwice() public view {
        uint256[] memory ids = handler.requestIds();
        for (uint256 i = 0; i < ids.length; i++) {
            uint256 timesPaid = handler.ghostTimesPaid(ids[i]);
            vm.assertLe(timesPaid, 1, "a request is paid at most once");

            bool paid = payments.getRequest(ids[i]).status == IKCPayments.RequestStatus.Paid;
            vm.assertEq(paid, timesPaid == 1, "status Paid exactly when it was paid");
        }
    }

    function invariant_KCIsConserved() public view {
        address[] memory actors = handler.actors();
        address[4] memory contracts = handler.paymentContracts();
        uint256 sum = kc.balanceOf(TREASURY);
        for (uint256 i = 0; i < actors.length; i++) {
            sum += kc.balanceOf(actors[i]);
        }
        for (uint256 i = 0; i < contracts.length; i++) {
            sum += kc.balanceOf(contracts[i]);
        }

        vm.assertEq(kc.totalSupply(), initialSupply, "no KC created or destroyed");
        vm.assertEq(sum, initialSupply, "every KC is with an actor, the treasury or a payment contract");
        vm.assertEq(kc.balanceOf(address(payments)), handler.ghostStray(address(payments)), "payments: stray only");
        vm.assertEq(kc.balanceOf(address(batch)), handler.ghostStray(address(batch)), "batch payouts: stray only");
        vm.assertEq(
            kc.balanceOf(address(subscriptions)),
            handler.ghostStray(address(subscriptions)),
            "subscriptions: stray only"
        );
    }

    function invariant_OnlyStrayKCIsRecoverable() public view {
        address[4] memory contracts = handler.paymentContracts();
        for (uint256 i = 0; i < contracts.length; i++) {
            uint256 recoverable = IKCPaymentBase(contracts[i]).recoverable(address(kc));
            vm.assertEq(recoverable, handler.ghostStray(contracts[i]), "recoverable equals stray KC");
        }
    }

    function invariant_TreasuryReceivesEveryFee() public view {
        vm.assertEq(kc.balanceOf(TREASURY), handler.ghostFees(), "treasury balance equals fees charged");
    }

    function invariant_AtMostOneCollectionPerPeriod() public view {
        uint256[] memory ids = handler.subscriptionIds();
        for (uint256 i = 0; i < ids.length; i++) {
            IKCSubscriptions.Subscription memory subscription = subscriptions.getSubscription(ids[i]);
            uint256 period = subscriptions.getPlan(subscription.planId).period;
            uint256 elapsedPeriods = (block.timestamp - handler.ghostStartedAt(ids[i])) / period;

            vm.assertLe(handler.ghostCollections(ids[i]), elapsedPeriods + 1, "one collection per started period");
            vm.assertLe(subscription.nextDueAt, block.timestamp + period, "never scheduled beyond one period");
        }
    }
}
