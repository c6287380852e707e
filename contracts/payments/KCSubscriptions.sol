// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IKatyCoin} from "../token/IKatyCoin.sol";
import {IKCSubscriptions} from "./IKCSubscriptions.sol";
import {KCPaymentBase} from "./KCPaymentBase.sol";

/**
 * @title KCSubscriptions
 * @notice Merchants' plans and subscribers' allowance-based recurring payments.
 * @dev See {IKCSubscriptions} for the schedule and the rule for missed periods. Pausing stops new
 * plans, subscriptions and collections; cancelling and retiring stay open so nobody can be held
 * in a subscription by a pause.
 *
 * @custom:security-contact security@katycoin.invalid
 */
contract KCSubscriptions is KCPaymentBase, IKCSubscriptions {
    using SafeERC20 for IKatyCoin;

    /// @dev Why a subscription cannot be collected now; `None` means it can.
    enum Blocker {
        None,
        NotFound,
        NotActive,
        PlanRetired,
        NotDue
    }

    /// @custom:storage-location erc7201:kc.storage.KCSubscriptions
    struct KCSubscriptionsStorage {
        uint256 planCount;
        uint256 subscriptionCount;
        mapping(uint256 planId => Plan) plans;
        mapping(uint256 subscriptionId => Subscription) subscriptions;
    }

    // keccak256(abi.encode(uint256(keccak256("kc.storage.KCSubscriptions")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant KC_SUBSCRIPTIONS_STORAGE_LOCATION =
        0xfc67bb67fdfb660dc8d0546b980ae20f1b977e4e05331bbd6532953682a22b00;

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
        if (token_ == address(0)) revert KCSubscriptionsZeroAddress("token");
        if (admin == address(0)) revert KCSubscriptionsZeroAddress("admin");

        __KCPaymentBase_init(IKatyCoin(token_), admin);
    }

    /// @inheritdoc IKCSubscriptions
    function createPlan(uint256 amount, uint32 period) external whenNotPaused returns (uint256 planId) {
        if (amount == 0 || period == 0) revert KCSubscriptionsInvalidPlan(amount, period);

        KCSubscriptionsStorage storage $ = _getKCSubscriptionsStorage();
        planId = ++$.planCount;
        $.plans[planId] = Plan({merchant: msg.sender, period: period, retired: false, amount: amount});
        emit PlanCreated(planId, msg.sender, amount, period);
    }

    /// @inheritdoc IKCSubscriptions
    function retirePlan(uint256 planId) external {
        Plan storage plan = _getKCSubscriptionsStorage().plans[planId];
        address merchant = plan.merchant;
        if (merchant == address(0)) revert KCSubscriptionsPlanNotFound(planId);
        if (merchant != msg.sender) revert KCSubscriptionsNotMerchant(planId, merchant, msg.sender);
        if (plan.retired) revert KCSubscriptionsPlanRetired(planId);

        plan.retired = true;
        emit PlanRetired(planId, msg.sender);
    }

    /// @inheritdoc IKCSubscriptions
    function subscribe(uint256 planId) external nonReentrant whenNotPaused returns (uint256 subscriptionId) {
        KCSubscriptionsStorage storage $ = _getKCSubscriptionsStorage();
        Plan storage plan = $.plans[planId];
        address merchant = plan.merchant;
        if (merchant == address(0)) revert KCSubscriptionsPlanNotFound(planId);
        if (plan.retired) revert KCSubscriptionsPlanRetired(planId);
        if (merchant == msg.sender) revert KCSubscriptionsSelfSubscription(msg.sender);

        uint256 amount = plan.amount;
        uint64 startedAt = _now();
        uint64 nextDueAt = startedAt + plan.period;
        subscriptionId = ++$.subscriptionCount;
        $.subscriptions[subscriptionId] = Subscription({
            subscriber: msg.sender,
            nextDueAt: nextDueAt,
            status: SubscriptionStatus.Active,
            planId: planId
        });
        emit SubscriptionCreated(subscriptionId, planId, msg.sender, startedAt);
        emit SubscriptionCollected(subscriptionId, planId, msg.sender, merchant, amount, startedAt, 0, nextDueAt);

        token().safeTransferFrom(msg.sender, merchant, amount);
    }

    /// @inheritdoc IKCSubscriptions
    function cancel(uint256 subscriptionId) external {
        Subscription storage subscription = _getKCSubscriptionsStorage().subscriptions[subscriptionId];
        SubscriptionStatus status = subscription.status;
        address subscriber = subscription.subscriber;
        if (status == SubscriptionStatus.None) revert KCSubscriptionsNotFound(subscriptionId);
        if (subscriber != msg.sender) revert KCSubscriptionsNotSubscriber(subscriptionId, subscriber, msg.sender);
        if (status != SubscriptionStatus.Active) revert KCSubscriptionsNotActive(subscriptionId);

        subscription.status = SubscriptionStatus.Cancelled;
        emit SubscriptionCancelled(subscriptionId, msg.sender, subscription.planId);
    }

    /// @inheritdoc IKCSubscriptions
    function collect(uint256 subscriptionId) external nonReentrant whenNotPaused returns (bool collected) {
        (Blocker blocker, Subscription storage subscription, Plan storage plan) = _collectable(subscriptionId);
        if (blocker == Blocker.NotFound) revert KCSubscriptionsNotFound(subscriptionId);
        if (blocker == Blocker.NotActive) revert KCSubscriptionsNotActive(subscriptionId);
        if (blocker == Blocker.PlanRetired) revert KCSubscriptionsPlanRetired(subscription.planId);
        if (blocker == Blocker.NotDue)
            revert KCSubscriptionsNotDue(subscriptionId, subscription.nextDueAt, block.timestamp);

        return _collect(subscriptionId, subscription, plan);
    }

    /// @inheritdoc IKCSubscriptions
    function collectMany(
        uint256[] calldata subscriptionIds
    ) external nonReentrant whenNotPaused returns (uint256 collectedCount) {
        for (uint256 i = 0; i < subscriptionIds.length; ++i) {
            uint256 subscriptionId = subscriptionIds[i];
            (Blocker blocker, Subscription storage subscription, Plan storage plan) = _collectable(subscriptionId);
            if (blocker != Blocker.None) continue;

            if (_collect(subscriptionId, subscription, plan)) ++collectedCount;
        }
    }

    /// @inheritdoc IKCSubscriptions
    function getPlan(uint256 planId) external view returns (Plan memory) {
        return _getKCSubscriptionsStorage().plans[planId];
    }

    /// @inheritdoc IKCSubscriptions
    function getSubscription(uint256 subscriptionId) external view returns (Subscription memory) {
        return _getKCSubscriptionsStorage().subscriptions[subscriptionId];
    }

    /// @inheritdoc IKCSubscriptions
    function planCount() external view returns (uint256) {
        return _getKCSubscriptionsStorage().planCount;
    }

    /// @inheritdoc IKCSubscriptions
    function subscriptionCount() external view returns (uint256) {
        return _getKCSubscriptionsStorage().subscriptionCount;
    }

    /// @dev Whether a subscription can be collected now, with its record and its plan's.
    function _collectable(
        uint256 subscriptionId
    ) private view returns (Blocker blocker, Subscription storage subscription, Plan storage plan) {
        KCSubscriptionsStorage storage $ = _getKCSubscriptionsStorage();
        subscription = $.subscriptions[subscriptionId];
        plan = $.plans[subscription.planId];

        SubscriptionStatus status = subscription.status;
        if (status == SubscriptionStatus.None) return (Blocker.NotFound, subscription, plan);
        if (status != SubscriptionStatus.Active) return (Blocker.NotActive, subscription, plan);
        if (plan.retired) return (Blocker.PlanRetired, subscription, plan);
        if (block.timestamp < subscription.nextDueAt) return (Blocker.NotDue, subscription, plan);
        return (Blocker.None, subscription, plan);
    }

    /**
     * @dev Collects the period the current time falls in, skipping earlier unpaid ones, or reports
     * a shortfall of balance or allowance without reverting and without changing any state.
     */
    function _collect(
        uint256 subscriptionId,
        Subscription storage subscription,
        Plan storage plan
    ) private returns (bool) {
        IKatyCoin kc = token();
        address subscriber = subscription.subscriber;
        uint256 amount = plan.amount;
        if (!_canPull(kc, subscriptionId, subscriber, amount)) return false;

        (uint64 periodStart, uint64 periodsSkipped, uint64 nextDueAt) = _schedule(subscription.nextDueAt, plan.period);
        subscription.nextDueAt = nextDueAt;
        address merchant = plan.merchant;
        emit SubscriptionCollected(
            subscriptionId,
            subscription.planId,
            subscriber,
            merchant,
            amount,
            periodStart,
            periodsSkipped,
            nextDueAt
        );

        kc.safeTransferFrom(subscriber, merchant, amount);
        return true;
    }

    /// @dev Whether `amount` can be pulled from `subscriber`; emits the shortfall when it cannot.
    function _canPull(IKatyCoin kc, uint256 subscriptionId, address subscriber, uint256 amount) private returns (bool) {
        uint256 balance = kc.balanceOf(subscriber);
        if (balance < amount) {
            emit SubscriptionCollectionFailed(
                subscriptionId,
                subscriber,
                CollectionFailure.InsufficientBalance,
                amount,
                balance
            );
            return false;
        }

        uint256 allowance = kc.allowance(subscriber, address(this));
        if (allowance < amount) {
            emit SubscriptionCollectionFailed(
                subscriptionId,
                subscriber,
                CollectionFailure.InsufficientAllowance,
                amount,
                allowance
            );
            return false;
        }
        return true;
    }

    /**
     * @dev The period the current time falls in, counted from the first unpaid one (`dueAt`), how
     * many unpaid periods lie before it, and when the one after it starts.
     */
    function _schedule(
        uint64 dueAt,
        uint64 period
    ) private view returns (uint64 periodStart, uint64 periodsSkipped, uint64 nextDueAt) {
        // Cannot underflow: callers collect only once the period has started (dueAt <= now).
        unchecked {
            periodsSkipped = (_now() - dueAt) / period;
        }
        periodStart = dueAt + periodsSkipped * period;
        nextDueAt = periodStart + period;
    }

    /// @dev Block time as 64 bits: it fits for hundreds of billions of years.
    function _now() private view returns (uint64) {
        return uint64(block.timestamp);
    }

    function _getKCSubscriptionsStorage() private pure returns (KCSubscriptionsStorage storage $) {
        assembly {
            $.slot := KC_SUBSCRIPTIONS_STORAGE_LOCATION
        }
    }
}
