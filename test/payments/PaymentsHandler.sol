// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKCEscrow} from "../../contracts/payments/IKCEscrow.sol";
import {IKCPaymentBase} from "../../contracts/payments/IKCPaymentBase.sol";
import {IKCPayments} from "../../contracts/payments/IKCPayments.sol";
import {IKCBatchPayouts} from "../../contracts/payments/IKCBatchPayouts.sol";
import {IKCSubscriptions} from "../../contracts/payments/IKCSubscriptions.sol";
import {KCBatchPayouts} from "../../contracts/payments/KCBatchPayouts.sol";
import {KCEscrow} from "../../contracts/payments/KCEscrow.sol";
import {KCPayments} from "../../contracts/payments/KCPayments.sol";
import {KCSubscriptions} from "../../contracts/payments/KCSubscriptions.sol";
import {KatyCoin} from "../../contracts/token/KatyCoin.sol";
import {KCTest} from "../lib/KCTest.sol";

/**
 * @title PaymentsHandler
 * @notice The invariant runner calls these functions in random order with random inputs. Each one
 * drives one operation of the payment contracts from a small set of actors, choosing inputs that
 * the contract should accept; where it deliberately tries something the contract must refuse
 * (paying a request again, releasing a closed escrow), it expects the exact error. Any other
 * revert fails the run (failOnRevert is on).
 * @dev Ghost state records what the contracts should hold, so the invariants can compare the
 * contracts' own accounting and KC balances against an independent count.
 */
contract PaymentsHandler is KCTest {
    struct Contracts {
        KatyCoin kc;
        KCPayments payments;
        KCEscrow escrow;
        KCBatchPayouts batch;
        KCSubscriptions subscriptions;
    }

    uint256 private constant ACTOR_COUNT = 5;
    uint256 private constant MAX_BATCH = 6;

    KatyCoin public immutable kc;
    KCPayments public immutable payments;
    KCEscrow public immutable escrow;
    KCBatchPayouts public immutable batch;
    KCSubscriptions public immutable subscriptions;
    address public immutable admin;

    address[] private _actors;
    uint256[] private _requestIds;
    uint256[] private _escrowIds;
    uint256[] private _planIds;
    uint256[] private _subscriptionIds;

    uint256 public ghostEscrowHeld;
    uint256 public ghostFees;
    uint256 public ghostRefusedRepeatPayouts;
    mapping(uint256 requestId => uint256) public ghostTimesPaid;
    mapping(uint256 subscriptionId => uint256) public ghostCollections;
    mapping(uint256 subscriptionId => uint256) public ghostStartedAt;
    /// KC sent to a payment contract by plain transfer and not yet recovered.
    mapping(address paymentContract => uint256) public ghostStray;

    constructor(Contracts memory contracts, address admin_) {
        kc = contracts.kc;
        payments = contracts.payments;
        escrow = contracts.escrow;
        batch = contracts.batch;
        subscriptions = contracts.subscriptions;
        admin = admin_;

        for (uint256 key = 1; key <= ACTOR_COUNT; key++) {
            address actor = vm.addr(key);
            _actors.push(actor);
            vm.startPrank(actor);
            kc.approve(address(payments), type(uint256).max);
            kc.approve(address(escrow), type(uint256).max);
            kc.approve(address(batch), type(uint256).max);
            kc.approve(address(subscriptions), type(uint256).max);
            vm.stopPrank();
        }
    }

    // ---- views for the invariants ----

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function requestIds() external view returns (uint256[] memory) {
        return _requestIds;
    }

    function escrowIds() external view returns (uint256[] memory) {
        return _escrowIds;
    }

    function subscriptionIds() external view returns (uint256[] memory) {
        return _subscriptionIds;
    }

    // ---- time and settings ----

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 10 days));
    }

    function setFee(uint256 feeBps) external {
        // Bound first: a prank applies to the next call, and MAX_FEE_BPS() would take it.
        uint16 newFee = uint16(bound(feeBps, 0, payments.MAX_FEE_BPS()));
        vm.prank(admin);
        payments.setFee(newFee);
    }

    // ---- KCPayments ----

    function pay(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        (address from, address to) = _twoActors(fromSeed, toSeed);
        uint256 balance = kc.balanceOf(from);
        if (balance == 0) return;
        amount = bound(amount, 1, balance);

        (uint256 fee, ) = payments.quote(amount);
        vm.prank(from);
        payments.pay(to, amount, bytes32(amount), "");
        ghostFees += fee;
    }

    function createRequest(uint256 payeeSeed, uint256 payerSeed, uint256 amount, uint256 life, bool named) external {
        (address payee, address payer) = _twoActors(payeeSeed, payerSeed);
        amount = bound(amount, 1, 50_000e18);
        uint64 expiresAt = uint64(block.timestamp + bound(life, 1, 20 days));

        vm.prank(payee);
        uint256 requestId = payments.createRequest(amount, named ? payer : address(0), expiresAt, bytes32(0));
        _requestIds.push(requestId);
    }

    function payRequest(uint256 requestSeed, uint256 payerSeed) external {
        if (_requestIds.length == 0) return;
        uint256 requestId = _requestIds[requestSeed % _requestIds.length];
        IKCPayments.PaymentRequest memory request = payments.getRequest(requestId);
        address payer = request.payer != address(0) ? request.payer : _actorOtherThan(payerSeed, request.payee);

        if (request.status != IKCPayments.RequestStatus.Open) {
            // A second payment of a paid or cancelled request must be refused.
            vm.expectRevert(
                abi.encodeWithSelector(IKCPayments.KCPaymentsRequestNotOpen.selector, requestId, request.status)
            );
            vm.prank(payer);
            payments.payRequest(requestId);
            ghostRefusedRepeatPayouts++;
            return;
        }
        if (block.timestamp >= request.expiresAt || kc.balanceOf(payer) < request.amount) return;

        (uint256 fee, ) = payments.quote(request.amount);
        vm.prank(payer);
        payments.payRequest(requestId);
        ghostTimesPaid[requestId]++;
        ghostFees += fee;
    }

    function cancelRequest(uint256 requestSeed) external {
        if (_requestIds.length == 0) return;
        uint256 requestId = _requestIds[requestSeed % _requestIds.length];
        IKCPayments.PaymentRequest memory request = payments.getRequest(requestId);
        if (request.status != IKCPayments.RequestStatus.Open) return;

        vm.prank(request.payee);
        payments.cancelRequest(requestId);
    }

    // ---- KCEscrow ----

    function createEscrow(uint256 seed, uint256 amount, uint256 life, bool withArbiter) external {
        uint256 index = seed % ACTOR_COUNT;
        address payer = _actors[index];
        address payee = _actors[(index + 1) % ACTOR_COUNT];
        address arbiter = withArbiter ? _actors[(index + 2) % ACTOR_COUNT] : address(0);
        uint256 balance = kc.balanceOf(payer);
        if (balance == 0) return;
        amount = bound(amount, 1, balance);
        uint64 deadline = uint64(block.timestamp + bound(life, 1, 20 days));

        vm.prank(payer);
        uint256 escrowId = escrow.create(payee, amount, deadline, arbiter, bytes32(0));
        _escrowIds.push(escrowId);
        ghostEscrowHeld += amount;
    }

    function actOnEscrow(uint256 escrowSeed, uint256 action, uint256 toPayee) external {
        if (_escrowIds.length == 0) return;
        uint256 escrowId = _escrowIds[escrowSeed % _escrowIds.length];
        IKCEscrow.Escrow memory e = escrow.getEscrow(escrowId);

        if (e.status == IKCEscrow.EscrowStatus.Disputed) {
            vm.prank(e.arbiter);
            escrow.settle(escrowId, bound(toPayee, 0, e.amount));
            ghostEscrowHeld -= e.amount;
            return;
        }
        if (e.status != IKCEscrow.EscrowStatus.Open) {
            // A closed escrow must never pay out again.
            vm.expectRevert(abi.encodeWithSelector(IKCEscrow.KCEscrowNotOpen.selector, escrowId, e.status));
            vm.prank(e.payer);
            escrow.release(escrowId);
            ghostRefusedRepeatPayouts++;
            return;
        }

        action = action % 4;
        bool beforeDeadline = block.timestamp < e.deadline;
        if (action == 0) {
            vm.prank(e.payer);
            escrow.release(escrowId);
        } else if (action == 1) {
            vm.prank(e.payee);
            escrow.refund(escrowId);
        } else if (action == 2 && !beforeDeadline) {
            vm.prank(e.payer);
            escrow.reclaim(escrowId);
        } else if (action == 3 && beforeDeadline && e.arbiter != address(0)) {
            vm.prank(e.payee);
            escrow.dispute(escrowId);
            return;
        } else {
            return;
        }
        ghostEscrowHeld -= e.amount;
    }

    // ---- KCBatchPayouts ----

    function payout(uint256 senderSeed, uint256 count, bool partial_, uint256 amountSeed) external {
        address sender = _actor(senderSeed);
        uint256 balance = kc.balanceOf(sender);
        count = bound(count, 1, MAX_BATCH);
        if (balance < count) return;

        address[] memory recipients = new address[](count);
        uint256[] memory amounts = new uint256[](count);
        for (uint256 i = 0; i < count; i++) {
            recipients[i] = _actors[((senderSeed % ACTOR_COUNT) + i + 1) % ACTOR_COUNT];
            uint256 slice = uint256(keccak256(abi.encode(amountSeed, i)));
            // Partial batches ask for up to the whole balance per item (some fail, some are zero);
            // atomic ones stay within an even share so that every item is payable.
            amounts[i] = partial_ ? slice % (balance + 1) : 1 + (slice % (balance / count));
        }

        vm.prank(sender);
        batch.payout(
            partial_ ? IKCBatchPayouts.Mode.Partial : IKCBatchPayouts.Mode.Atomic,
            recipients,
            amounts,
            bytes32(0)
        );
    }

    // ---- KCSubscriptions ----

    function createPlan(uint256 merchantSeed, uint256 amount, uint256 period) external {
        address merchant = _actor(merchantSeed);
        amount = bound(amount, 1, 10_000e18);

        vm.prank(merchant);
        _planIds.push(subscriptions.createPlan(amount, uint32(bound(period, 1, 15 days))));
    }

    function retirePlan(uint256 planSeed) external {
        if (_planIds.length == 0) return;
        uint256 planId = _planIds[planSeed % _planIds.length];
        IKCSubscriptions.Plan memory plan = subscriptions.getPlan(planId);
        if (plan.retired) return;

        vm.prank(plan.merchant);
        subscriptions.retirePlan(planId);
    }

    function subscribe(uint256 planSeed, uint256 subscriberSeed) external {
        if (_planIds.length == 0) return;
        uint256 planId = _planIds[planSeed % _planIds.length];
        IKCSubscriptions.Plan memory plan = subscriptions.getPlan(planId);
        address subscriber = _actorOtherThan(subscriberSeed, plan.merchant);
        if (plan.retired || kc.balanceOf(subscriber) < plan.amount) return;

        vm.prank(subscriber);
        uint256 subscriptionId = subscriptions.subscribe(planId);
        _subscriptionIds.push(subscriptionId);
        ghostStartedAt[subscriptionId] = block.timestamp;
        ghostCollections[subscriptionId] = 1;
    }

    function cancelSubscription(uint256 subscriptionSeed) external {
        if (_subscriptionIds.length == 0) return;
        uint256 subscriptionId = _subscriptionIds[subscriptionSeed % _subscriptionIds.length];
        IKCSubscriptions.Subscription memory subscription = subscriptions.getSubscription(subscriptionId);
        if (subscription.status != IKCSubscriptions.SubscriptionStatus.Active) return;

        vm.prank(subscription.subscriber);
        subscriptions.cancel(subscriptionId);
    }

    function collectAll(uint256 callerSeed) external {
        uint256 count = _subscriptionIds.length;
        uint64[] memory dueBefore = new uint64[](count);
        for (uint256 i = 0; i < count; i++) {
            dueBefore[i] = subscriptions.getSubscription(_subscriptionIds[i]).nextDueAt;
        }

        vm.prank(_actor(callerSeed));
        subscriptions.collectMany(_subscriptionIds);

        // A collection is exactly a move of nextDueAt.
        for (uint256 i = 0; i < count; i++) {
            if (subscriptions.getSubscription(_subscriptionIds[i]).nextDueAt != dueBefore[i]) {
                ghostCollections[_subscriptionIds[i]]++;
            }
        }
    }

    // ---- stray KC and its recovery ----

    /// A plain transfer to a payment contract's address: a user's mistake the admin may undo.
    function sendStray(uint256 fromSeed, uint256 targetSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        uint256 balance = kc.balanceOf(from);
        if (balance == 0) return;
        amount = bound(amount, 1, balance);
        address target = _paymentContract(targetSeed);

        vm.prank(from);
        kc.transfer(target, amount);
        ghostStray[target] += amount;
    }

    /// The admin sends stray KC on; asking one unit more than is stray must be refused.
    function recoverStray(uint256 targetSeed, uint256 toSeed, uint256 amount) external {
        IKCPaymentBase target = IKCPaymentBase(_paymentContract(targetSeed));
        uint256 stray = ghostStray[address(target)];
        amount = bound(amount, 1, stray + 1);

        if (amount > stray) {
            vm.expectRevert(
                abi.encodeWithSelector(IKCPaymentBase.KCRecoveryUnavailable.selector, address(kc), amount, stray)
            );
            vm.prank(admin);
            target.recoverTokens(address(kc), _actor(toSeed), amount);
            return;
        }

        vm.prank(admin);
        target.recoverTokens(address(kc), _actor(toSeed), amount);
        ghostStray[address(target)] -= amount;
    }

    // ---- helpers ----

    function paymentContracts() public view returns (address[4] memory) {
        return [address(payments), address(escrow), address(batch), address(subscriptions)];
    }

    function _paymentContract(uint256 seed) private view returns (address) {
        return paymentContracts()[seed % 4];
    }

    function _actor(uint256 seed) private view returns (address) {
        return _actors[seed % ACTOR_COUNT];
    }

    function _actorOtherThan(uint256 seed, address excluded) private view returns (address actor) {
        actor = _actor(seed);
        if (actor == excluded) actor = _actor((seed % ACTOR_COUNT) + 1);
    }

    function _twoActors(uint256 firstSeed, uint256 secondSeed) private view returns (address, address) {
        address first = _actor(firstSeed);
        return (first, _actorOtherThan(secondSeed, first));
    }
}
