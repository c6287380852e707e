// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KCSubscriptions} from "../../../contracts/payments/KCSubscriptions.sol";

/**
 * @title KCSubscriptionsV2
 * @notice A second implementation of KCSubscriptions for the upgrade tests: it adds one function and no
 * storage, so the tests can tell which implementation answers and that the state survived.
 * @dev V1's `initialize` already ran on the proxy and V2 adds nothing to set up, so V2 has no
 * initializer of its own, which the upgrades plugin must be told is intended.
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 * @custom:oz-upgrades-from contracts/payments/KCSubscriptions.sol:KCSubscriptions
 */
contract KCSubscriptionsV2 is KCSubscriptions {
    function version() external pure returns (uint256) {
        return 2;
    }
}
