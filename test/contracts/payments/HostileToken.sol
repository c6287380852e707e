// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @notice Implemented by a contract that wants to hear about every transfer of {HostileToken}.
interface ITransferHook {
    function onTokenTransfer(address from, address to, uint256 value) external;
}

/**
 * @title HostileToken
 * @notice A test token that does what KC never does, to attack the payment contracts from the
 * token's side: it hands control to a hook contract in the middle of every transfer (the way an
 * ERC-777 or ERC-1363 token would), and it can be told to report failure by returning false or by
 * reverting with no data.
 * @dev KC is a plain ERC-20 without hooks, so a re-entering receiver cannot be built on KC itself.
 * The payment contracts take the token address at initialisation, so tests deploy them on this
 * token to prove that their reentrancy guards and checks-effects-interactions order hold even if
 * the token calls out.
 */
contract HostileToken is ERC20, ERC20Permit {
    enum Failure {
        None,
        ReturnFalse,
        EmptyRevert
    }

    address public hook;
    Failure public failure;

    error HostileTokenEmptyRevertRequested();

    constructor() ERC20("Hostile Token", "HOST") ERC20Permit("Hostile Token") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setHook(address hook_) external {
        hook = hook_;
    }

    function setFailure(Failure failure_) external {
        failure = failure_;
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (failure == Failure.ReturnFalse) return false;
        if (failure == Failure.EmptyRevert) {
            // A bare revert: no error data at all, as an out-of-gas failure would leave.
            assembly {
                revert(0, 0)
            }
        }
        return super.transferFrom(from, to, value);
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (hook != address(0)) ITransferHook(hook).onTokenTransfer(from, to, value);
    }
}
