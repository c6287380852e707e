// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITransferHook} from "./HostileToken.sol";

/**
 * @title ReentrantActor
 * @notice A contract that plays a party in a payment (payer, payee, arbiter, merchant, recipient)
 * and, when armed, calls back into a payment contract from inside a token transfer.
 * @dev {act} performs the actor's ordinary calls. {arm} stores one call to make from
 * {onTokenTransfer}; the actor disarms before making it, so it re-enters exactly once. The
 * re-entering call's failure is recorded rather than bubbled, so a test can check both that the
 * outer call completed normally and which error refused the re-entry.
 */
contract ReentrantActor is ITransferHook {
    address public reentryTarget;
    bytes public reentryCall;

    bool public reentryAttempted;
    bool public reentrySucceeded;
    bytes public reentryError;

    function act(address target, bytes calldata data) external returns (bytes memory result) {
        bool ok;
        (ok, result) = target.call(data);
        if (!ok) {
            // Re-raise the target's own error so tests can match it by name and arguments.
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
    }

    function arm(address target, bytes calldata data) external {
        reentryTarget = target;
        reentryCall = data;
    }

    function onTokenTransfer(address, address, uint256) external {
        address target = reentryTarget;
        if (target == address(0)) return;
        reentryTarget = address(0);

        reentryAttempted = true;
        (bool ok, bytes memory result) = target.call(reentryCall);
        reentrySucceeded = ok;
        if (!ok) reentryError = result;
    }
}
