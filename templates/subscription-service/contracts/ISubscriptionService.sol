// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title ISubscriptionService
 * @notice A service that serves only accounts with a paid-up KC subscription in KCSubscriptions. The service's
 * merchant publishes plans in KCSubscriptions; the owner accepts them here; a user subscribes there and links
 * the subscription here once. From then on {hasAccess} answers whether the user may be served, on chain (the
 * {useService} example and the `onlySubscriber` modifier) and off chain (an API checks it before answering).
 * @dev Access means: the linked subscription is active, its plan is accepted here and not retired, and the current
 * period is paid, with `gracePeriod` seconds after a period ends for a keeper to collect the next one. The service
 * never holds KC: collections go from subscriber to merchant inside KCSubscriptions. Events and errors are
 * declared and documented here once; the contract inherits the documentation.
 */
interface ISubscriptionService {
    /**
     * @notice The owner accepted a plan: its subscriptions give access.
     * @param planId The plan's id in KCSubscriptions.
     */
    event PlanAccepted(uint256 indexed planId);

    /**
     * @notice The owner stopped accepting a plan: its subscriptions no longer give access.
     * @param planId The plan's id in KCSubscriptions.
     */
    event PlanDropped(uint256 indexed planId);

    /**
     * @notice An account linked its subscription to the service.
     * @param account The subscriber.
     * @param subscriptionId The subscription's id in KCSubscriptions.
     * @param planId Its plan.
     */
    event SubscriptionLinked(address indexed account, uint256 indexed subscriptionId, uint256 indexed planId);

    /**
     * @notice A subscriber used the service (the example of a gated action).
     * @param account The subscriber.
     * @param subscriptionId The subscription that gave access.
     * @param ref What was used, chosen by the caller.
     */
    event ServiceUsed(address indexed account, uint256 indexed subscriptionId, bytes32 ref);

    /**
     * @notice An address that must be set was the zero address.
     * @param parameter The name of the parameter that was zero.
     */
    error SubscriptionServiceZeroAddress(string parameter);

    /**
     * @notice No plan has this id in KCSubscriptions.
     * @param planId The id asked for.
     */
    error SubscriptionServicePlanNotFound(uint256 planId);

    /**
     * @notice The plan pays another merchant than this service's.
     * @param planId The plan's id.
     * @param planMerchant The plan's merchant.
     * @param merchant This service's merchant.
     */
    error SubscriptionServiceWrongMerchant(uint256 planId, address planMerchant, address merchant);

    /**
     * @notice The plan was retired in KCSubscriptions.
     * @param planId The plan's id.
     */
    error SubscriptionServicePlanRetired(uint256 planId);

    /**
     * @notice The plan is already accepted (on accept) or is not accepted (on drop or link).
     * @param planId The plan's id.
     * @param accepted Whether it is accepted now.
     */
    error SubscriptionServicePlanAcceptance(uint256 planId, bool accepted);

    /**
     * @notice Only the subscriber may link a subscription.
     * @param subscriptionId The subscription's id.
     * @param subscriber Its subscriber (zero if it does not exist).
     * @param caller Who tried.
     */
    error SubscriptionServiceNotSubscriber(uint256 subscriptionId, address subscriber, address caller);

    /**
     * @notice The subscription was cancelled.
     * @param subscriptionId The subscription's id.
     */
    error SubscriptionServiceSubscriptionNotActive(uint256 subscriptionId);

    /**
     * @notice The account has no access now: nothing linked, cancelled, plan dropped or retired, or unpaid.
     * @param account The account.
     * @param subscriptionId Its linked subscription (0 if none).
     */
    error SubscriptionServiceAccessDenied(address account, uint256 subscriptionId);

    /**
     * @notice Makes subscriptions to `planId` give access.
     * @dev Requirements: the caller is the owner; the plan exists, pays this service's merchant, is not retired
     * and not yet accepted. Emits {PlanAccepted}.
     */
    function acceptPlan(uint256 planId) external;

    /**
     * @notice Stops subscriptions to `planId` from giving access (at once, for every subscriber).
     * @dev Requirements: the caller is the owner; the plan is accepted. Emits {PlanDropped}.
     * WARNING: subscribers keep paying in KCSubscriptions until they cancel or the merchant retires the plan;
     * retire it there too.
     */
    function dropPlan(uint256 planId) external;

    /**
     * @notice Links the caller's subscription to the service, replacing any earlier link.
     * @dev Requirements: the caller is the subscription's subscriber; it is active; its plan is accepted.
     * Emits {SubscriptionLinked}.
     */
    function linkSubscription(uint256 subscriptionId) external;

    /**
     * @notice The example gated action: records that a subscriber used the service.
     * @dev Requirements: {hasAccess} for the caller. Emits {ServiceUsed}. Replace it with your service.
     */
    function useService(bytes32 ref) external;

    /// @notice Whether `account` may be served now.
    function hasAccess(address account) external view returns (bool);

    /// @notice Until when `account` has access if nothing more is collected (0 if it has none now).
    function accessUntil(address account) external view returns (uint256);

    /// @notice The subscription `account` linked (0 if none).
    function linkedSubscription(address account) external view returns (uint256);

    /// @notice Whether subscriptions to `planId` give access.
    function isPlanAccepted(uint256 planId) external view returns (bool);

    /// @notice The account every accepted plan must pay.
    function merchant() external view returns (address);

    /// @notice Seconds after a period ends during which access continues while the next period is collected.
    function gracePeriod() external view returns (uint64);
}
