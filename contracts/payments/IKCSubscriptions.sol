// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKCPaymentBase} from "./IKCPaymentBase.sol";

/**
 * @title IKCSubscriptions
 * @notice Recurring KC payments: a merchant publishes a plan, a subscriber subscribes with an
 * allowance, and the plan's amount is pulled once per period.
 * @dev Schedule: subscribing pays the first period at once; period `k` of a subscription starts at
 * `startedAt + k * period`. A collection may happen once the next unpaid period has started, and
 * anyone may trigger it (a keeper, the merchant): the KC always goes to the plan's merchant.
 *
 * Missed periods are never charged after the fact. A collection pays for the period the current
 * time falls in, and the periods between the last paid one and that one are skipped (counted in
 * {SubscriptionCollected}). So a subscriber pays at most once per period, and a merchant that
 * collects late loses the periods it let pass rather than surprising the subscriber with a
 * back-charge.
 *
 * A collection that fails because the subscriber's balance or allowance is too small emits
 * {SubscriptionCollectionFailed} and returns false instead of reverting; the period stays unpaid
 * and may be collected later within it. The contract never holds KC.
 *
 * NOTE: any other token failure (KC itself paused) reverts, in {collectMany} for the whole batch;
 * that stops every collection anyway, so nothing is lost by reverting.
 */
interface IKCSubscriptions is IKCPaymentBase {
    /// @notice The life of a subscription.
    enum SubscriptionStatus {
        None,
        Active,
        Cancelled
    }

    /// @notice Why a collection could not pull the period's amount.
    enum CollectionFailure {
        InsufficientBalance,
        InsufficientAllowance
    }

    /**
     * @notice A plan as stored.
     * @param merchant Receives every collection; the only one who may retire the plan.
     * @param period The length of one period in seconds.
     * @param retired Whether the merchant retired it: no new subscriptions, no more collections.
     * @param amount The KC pulled per period.
     */
    struct Plan {
        address merchant;
        uint32 period;
        bool retired;
        uint256 amount;
    }

    /**
     * @notice A subscription as stored.
     * @param subscriber Pays every period; the only one who may cancel.
     * @param nextDueAt The start of the first period not yet paid: collecting is allowed from then.
     * @param status Where the subscription is in its life.
     * @param planId The plan subscribed to.
     */
    struct Subscription {
        address subscriber;
        uint64 nextDueAt;
        SubscriptionStatus status;
        uint256 planId;
    }

    /**
     * @notice A merchant published a plan.
     * @param planId The new plan's id (ids start at 1 and increase by one).
     * @param merchant The account that receives the collections.
     * @param amount The KC per period.
     * @param period The period length in seconds.
     */
    event PlanCreated(uint256 indexed planId, address indexed merchant, uint256 amount, uint32 period);

    /**
     * @notice A merchant retired a plan: its subscriptions can no longer be collected.
     * @param planId The plan's id.
     * @param merchant The merchant.
     */
    event PlanRetired(uint256 indexed planId, address indexed merchant);

    /**
     * @notice A subscriber subscribed to a plan; a {SubscriptionCollected} for the first period
     * follows in the same transaction.
     * @param subscriptionId The new subscription's id (ids start at 1 and increase by one).
     * @param planId The plan.
     * @param subscriber The account that pays.
     * @param startedAt The start of the first period: the block timestamp.
     */
    event SubscriptionCreated(
        uint256 indexed subscriptionId,
        uint256 indexed planId,
        address indexed subscriber,
        uint64 startedAt
    );

    /**
     * @notice One period was paid.
     * @param subscriptionId The subscription's id.
     * @param planId Its plan.
     * @param subscriber The account the KC came from.
     * @param merchant The account that received it.
     * @param amount The KC paid.
     * @param periodStart The start of the period paid for.
     * @param periodsSkipped Earlier unpaid periods that will never be charged.
     * @param nextDueAt When the next period starts and may be collected.
     */
    event SubscriptionCollected(
        uint256 indexed subscriptionId,
        uint256 indexed planId,
        address indexed subscriber,
        address merchant,
        uint256 amount,
        uint64 periodStart,
        uint64 periodsSkipped,
        uint64 nextDueAt
    );

    /**
     * @notice A collection found too little balance or allowance; nothing moved, the period stays
     * unpaid.
     * @param subscriptionId The subscription's id.
     * @param subscriber The account that could not pay.
     * @param reason Balance or allowance.
     * @param amount The KC the period needed.
     * @param available The subscriber's balance or allowance (whichever `reason` names).
     */
    event SubscriptionCollectionFailed(
        uint256 indexed subscriptionId,
        address indexed subscriber,
        CollectionFailure reason,
        uint256 amount,
        uint256 available
    );

    /**
     * @notice The subscriber cancelled: nothing more will be collected.
     * @param subscriptionId The subscription's id.
     * @param subscriber The subscriber.
     * @param planId Its plan.
     */
    event SubscriptionCancelled(uint256 indexed subscriptionId, address indexed subscriber, uint256 indexed planId);

    /**
     * @notice An address that must be set was the zero address.
     * @param parameter The name of the parameter that was zero.
     */
    error KCSubscriptionsZeroAddress(string parameter);

    /**
     * @notice A plan needs a non-zero amount and a non-zero period.
     * @param amount The amount asked for.
     * @param period The period asked for.
     */
    error KCSubscriptionsInvalidPlan(uint256 amount, uint32 period);

    /**
     * @notice No plan has this id.
     * @param planId The id asked for.
     */
    error KCSubscriptionsPlanNotFound(uint256 planId);

    /**
     * @notice The plan was retired by its merchant.
     * @param planId The plan's id.
     */
    error KCSubscriptionsPlanRetired(uint256 planId);

    /**
     * @notice Only the plan's merchant may do this.
     * @param planId The plan's id.
     * @param merchant Its merchant.
     * @param caller The account that tried.
     */
    error KCSubscriptionsNotMerchant(uint256 planId, address merchant, address caller);

    /**
     * @notice A merchant cannot subscribe to its own plan.
     * @param account The merchant.
     */
    error KCSubscriptionsSelfSubscription(address account);

    /**
     * @notice No subscription has this id.
     * @param subscriptionId The id asked for.
     */
    error KCSubscriptionsNotFound(uint256 subscriptionId);

    /**
     * @notice The subscription was cancelled.
     * @param subscriptionId The subscription's id.
     */
    error KCSubscriptionsNotActive(uint256 subscriptionId);

    /**
     * @notice Only the subscriber may cancel.
     * @param subscriptionId The subscription's id.
     * @param subscriber Its subscriber.
     * @param caller The account that tried.
     */
    error KCSubscriptionsNotSubscriber(uint256 subscriptionId, address subscriber, address caller);

    /**
     * @notice The next period has not started yet.
     * @param subscriptionId The subscription's id.
     * @param nextDueAt When it starts.
     * @param currentTime The block timestamp.
     */
    error KCSubscriptionsNotDue(uint256 subscriptionId, uint64 nextDueAt, uint256 currentTime);

    /**
     * @notice Publishes a plan with the caller as merchant.
     * @dev Requirements: not paused; `amount` and `period` are not zero. Emits {PlanCreated}.
     * @return planId The new plan's id.
     */
    function createPlan(uint256 amount, uint32 period) external returns (uint256 planId);

    /**
     * @notice Retires a plan: no new subscriptions, no more collections. Works while paused.
     * @dev Requirements: the caller is the plan's merchant; the plan is not retired.
     * Emits {PlanRetired}.
     */
    function retirePlan(uint256 planId) external;

    /**
     * @notice Subscribes the caller to a plan and pays the first period at once.
     * @dev Requirements: not paused; the plan exists and is not retired; the caller is not its
     * merchant; the caller's balance and allowance cover the first period (otherwise the token's
     * error). The allowance must keep covering later periods. Emits {SubscriptionCreated} and
     * {SubscriptionCollected}.
     * @return subscriptionId The new subscription's id.
     */
    function subscribe(uint256 planId) external returns (uint256 subscriptionId);

    /**
     * @notice Cancels the caller's subscription. Works while paused, at any time.
     * @dev Requirements: the caller is the subscriber; the subscription is active.
     * Emits {SubscriptionCancelled}.
     */
    function cancel(uint256 subscriptionId) external;

    /**
     * @notice Collects the current period of a subscription for its plan's merchant. Anyone may call.
     * @dev Requirements: not paused; the subscription exists and is active; its plan is not retired;
     * `block.timestamp >= nextDueAt`. Emits {SubscriptionCollected} and returns true, or, when the
     * subscriber's balance or allowance is too small, emits {SubscriptionCollectionFailed} and
     * returns false without reverting.
     */
    function collect(uint256 subscriptionId) external returns (bool collected);

    /**
     * @notice {collect} for many subscriptions. Items that are not collectable now (unknown,
     * cancelled, retired plan, not due) are skipped without an event, so one subscriber cancelling
     * cannot make a keeper's whole batch revert.
     * @dev Requirements: not paused. Emits what {collect} emits for each collectable item.
     * @return collectedCount The number of periods collected.
     */
    function collectMany(uint256[] calldata subscriptionIds) external returns (uint256 collectedCount);

    /// @notice A plan as stored; a plan that does not exist has a zero merchant.
    function getPlan(uint256 planId) external view returns (Plan memory);

    /// @notice A subscription as stored; one that does not exist has status `None`.
    function getSubscription(uint256 subscriptionId) external view returns (Subscription memory);

    /// @notice How many plans have been created; the latest has this id.
    function planCount() external view returns (uint256);

    /// @notice How many subscriptions have been created; the latest has this id.
    function subscriptionCount() external view returns (uint256);
}
