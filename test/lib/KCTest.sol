// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "./Vm.sol";

/**
 * @title KCTest
 * @notice Base contract for the project's Solidity fuzz and invariant tests.
 * @dev Provides the cheatcode handle, `bound` for fuzz inputs, and the
 * target registry that the invariant runner reads (`targetContracts`,
 * `targetSenders`), which is the part of forge-std's StdInvariant that our
 * tests use.
 */
abstract contract KCTest {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    address[] private _targetedContracts;
    address[] private _targetedSenders;

    /// @dev The runner reads this to know which contracts to call at random.
    function targetContracts() public view returns (address[] memory) {
        return _targetedContracts;
    }

    /// @dev The runner reads this to know which senders to use.
    function targetSenders() public view returns (address[] memory) {
        return _targetedSenders;
    }

    function targetContract(address target) internal {
        _targetedContracts.push(target);
    }

    function targetSender(address sender) internal {
        _targetedSenders.push(sender);
    }

    /// @dev Maps any `x` into [min, max] without discarding fuzz runs.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (min > max) revert BoundInvalidRange(min, max);
        if (min == 0 && max == type(uint256).max) return x;

        // Cannot overflow: max - min < type(uint256).max here, so the width
        // plus one fits.
        unchecked {
            uint256 width = max - min + 1;
            return min + (x % width);
        }
    }

    error BoundInvalidRange(uint256 min, uint256 max);
}
