// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

import {IKCSubscriptions} from "../../../contracts/payments/IKCSubscriptions.sol";
import {ISubscriptionService} from "./ISubscriptionService.sol";

/**
 * @title SubscriptionService
 * @notice Gates a service on a paid-up KC subscription in KCSubscriptions.
 * @dev Reads KCSubscriptions only; moves no KC, so it needs no reentrancy guard. Not upgradeable on purpose
 * (docs/decisions/0030): subscribers can read once what access their payments buy.
 */
contract SubscriptionService is ISubscriptionService, Ownable2Step {
    /// @notice The KCSubscriptions contract the plans live in.
    IKCSubscriptions public immutable subscriptions;

    /// @inheritdoc ISubscriptionService
    address public immutable merchant;

    /// @inheritdoc ISubscriptionService
    uint64 public immutable gracePeriod;

    mapping(uint256 planId => bool) private _acceptedPlans;
    mapping(address account => uint256 subscriptionId) private _links;

    /// @dev Serves only accounts with access; the example gate to put on your own functions.
    modifier onlySubscriber() {
        if (!hasAccess(msg.sender)) revert SubscriptionServiceAccessDenied(msg.sender, _links[msg.sender]);
        _;
    }

    /**
     * @param subscriptions_ KCSubscriptions.
     * @param merchant_ The account the accepted plans must pay (it creates them in KCSubscriptions).
     * @param gracePeriod_ Seconds of access after a period ends, for a keeper to collect the next one.
     * @param owner_ Accepts and drops plans.
     */
    constructor(
        IKCSubscriptions subscriptions_,
        address merchant_,
        uint64 gracePeriod_,
        address owner_
    ) Ownable(owner_) {
        if (address(subscriptions_) == address(0)) revert SubscriptionServiceZeroAddress("subscriptions");
        if (merchant_ == address(0)) revert SubscriptionServiceZeroAddress("merchant");

        subscriptions = subscriptions_;
        merchant = merchant_;
        gracePeriod = gracePeriod_;
    }

    /// @inheritdoc ISubscriptionService
    function acceptPlan(uint256 planId) external onlyOwner {
        IKCSubscriptions.Plan memory plan = subscriptions.getPlan(planId);
        if (plan.merchant == address(0)) revert SubscriptionServicePlanNotFound(planId);
        if (plan.merchant != merchant) revert SubscriptionServiceWrongMerchant(planId, plan.merchant, merchant);
        if (plan.retired) revert SubscriptionServicePlanRetired(planId);
        if (_acceptedPlans[planId]) revert SubscriptionServicePlanAcceptance(planId, true);

        _acceptedPlans[planId] = true;
        emit PlanAccepted(planId);
    }

    /// @inheritdoc ISubscriptionService
    function dropPlan(uint256 planId) external onlyOwner {
        if (!_acceptedPlans[planId]) revert SubscriptionServicePlanAcceptance(planId, false);

        _acceptedPlans[planId] = false;
        emit PlanDropped(planId);
    }

    /// @inheritdoc ISubscriptionService
    function linkSubscription(uint256 subscriptionId) external {
        IKCSubscriptions.Subscription memory subscription = subscriptions.getSubscription(subscriptionId);
        if (subscription.subscriber != msg.sender) {
            revert SubscriptionServiceNotSubscriber(subscriptionId, subscription.subscriber, msg.sender);
        }
        if (subscription.status != IKCSubscriptions.SubscriptionStatus.Active) {
            revert SubscriptionServiceSubscriptionNotActive(subscriptionId);
        }
        if (!_acceptedPlans[subscription.planId]) revert SubscriptionServicePlanAcceptance(subscription.planId, false);

        _links[msg.sender] = subscriptionId;
        emit SubscriptionLinked(msg.sender, subscriptionId, subscription.planId);
    }

    /// @inheritdoc ISubscriptionService
    function useService(bytes32 ref) external onlySubscriber {
        emit ServiceUsed(msg.sender, _links[msg.sender], ref);
    }

    /// @inheritdoc ISubscriptionService
    function hasAccess(address account) public view returns (bool) {
        return accessUntil(account) > block.timestamp;
    }

    /// @inheritdoc ISubscriptionService
    function accessUntil(address account) public view returns (uint256) {
        uint256 subscriptionId = _links[account];
        if (subscriptionId == 0) return 0;

        IKCSubscriptions.Subscription memory subscription = subscriptions.getSubscription(subscriptionId);
        if (subscription.status != IKCSubscriptions.SubscriptionStatus.Active) return 0;
        if (!_acceptedPlans[subscription.planId]) return 0;
        if (subscriptions.getPlan(subscription.planId).retired) return 0;

        // `nextDueAt` is the end of the last paid period.
        uint256 until = uint256(subscription.nextDueAt) + gracePeriod;
        return until > block.timestamp ? until : 0;
    }

    /// @inheritdoc ISubscriptionService
    function linkedSubscription(address account) external view returns (uint256) {
        return _links[account];
    }

    /// @inheritdoc ISubscriptionService
    function isPlanAccepted(uint256 planId) external view returns (bool) {
        return _acceptedPlans[planId];
    }
}
