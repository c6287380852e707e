// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";

import {IKatyCoin} from "../../contracts/token/IKatyCoin.sol";
import {KatyCoin} from "../../contracts/token/KatyCoin.sol";
import {KCTest} from "../lib/KCTest.sol";

/**
 * @title KatyCoinHandler
 * @notice The invariant runner calls this contract's functions in random
 * order with random inputs. Each function drives one token operation from a
 * small set of actors whose keys we know (so permit can be signed), and
 * asserts the operation's own outcome: a paused token refuses, a mint over
 * the cap refuses with the exact error, a successful call moves exactly the
 * amount asked.
 * @dev Ghost counters record everything minted and burned so the test can
 * check supply against them.
 */
contract KatyCoinHandler is KCTest {
    bytes32 private constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    KatyCoin public immutable token;
    address public immutable admin;

    uint256[] private _keys;
    address[] private _actors;

    uint256 public ghostMinted;
    uint256 public ghostBurned;
    uint256 public ghostPermitsUsed;

    constructor(KatyCoin token_, address admin_) {
        token = token_;
        admin = admin_;
        for (uint256 key = 1; key <= 5; key++) {
            _keys.push(key);
            _actors.push(vm.addr(key));
        }
    }

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function mint(uint256 actorSeed, uint256 amount) external {
        address to = _actor(actorSeed);
        uint256 supply = token.totalSupply();
        uint256 room = token.cap() - supply;
        amount = bound(amount, 0, room + 1_000e18);

        if (token.paused()) {
            vm.expectRevert(PausableUpgradeable.EnforcedPause.selector);
        } else if (amount > room) {
            vm.expectRevert(
                abi.encodeWithSelector(IKatyCoin.KatyCoinCapExceeded.selector, supply + amount, supply + room)
            );
        } else {
            ghostMinted += amount;
        }
        vm.prank(admin);
        token.mint(to, amount);
    }

    function burn(uint256 actorSeed, uint256 amount) external {
        address holder = _actor(actorSeed);
        amount = bound(amount, 0, token.balanceOf(holder));

        if (token.paused()) {
            vm.expectRevert(PausableUpgradeable.EnforcedPause.selector);
        } else {
            ghostBurned += amount;
        }
        vm.prank(holder);
        token.burn(amount);
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        address to = _actor(toSeed);
        amount = bound(amount, 0, token.balanceOf(from));
        uint256 expectedTo = token.balanceOf(to) + (from == to ? 0 : amount);

        bool paused = token.paused();
        if (paused) vm.expectRevert(PausableUpgradeable.EnforcedPause.selector);
        vm.prank(from);
        token.transfer(to, amount);

        if (!paused) vm.assertEq(token.balanceOf(to), expectedTo, "recipient balance after transfer");
    }

    function transferFrom(uint256 ownerSeed, uint256 spenderSeed, uint256 toSeed, uint256 amount) external {
        address owner = _actor(ownerSeed);
        address spender = _actor(spenderSeed);
        address to = _actor(toSeed);
        amount = bound(amount, 0, token.balanceOf(owner));

        vm.prank(owner);
        token.approve(spender, amount);

        bool paused = token.paused();
        if (paused) vm.expectRevert(PausableUpgradeable.EnforcedPause.selector);
        vm.prank(spender);
        token.transferFrom(owner, to, amount);

        if (!paused) vm.assertEq(token.allowance(owner, spender), 0, "allowance spent exactly");
    }

    function permitAndBurnFrom(uint256 ownerSeed, uint256 spenderSeed, uint256 amount) external {
        uint256 ownerIndex = ownerSeed % _actors.length;
        address owner = _actors[ownerIndex];
        address spender = _actor(spenderSeed);
        amount = bound(amount, 0, token.balanceOf(owner));
        uint256 deadline = block.timestamp + 1 hours;

        uint256 nonce = token.nonces(owner);
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, amount, nonce, deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_keys[ownerIndex], digest);

        // A permit is an approval, so it works while paused; the burn does not.
        token.permit(owner, spender, amount, deadline, v, r, s);
        vm.assertEq(token.nonces(owner), nonce + 1, "permit consumed one nonce");
        vm.assertEq(token.allowance(owner, spender), amount, "permit set the allowance");
        ghostPermitsUsed++;

        if (token.paused()) {
            vm.expectRevert(PausableUpgradeable.EnforcedPause.selector);
        } else {
            ghostBurned += amount;
        }
        vm.prank(spender);
        token.burnFrom(owner, amount);
    }

    function pause() external {
        if (token.paused()) return;
        vm.prank(admin);
        token.pause();
    }

    function unpause() external {
        if (!token.paused()) return;
        vm.prank(admin);
        token.unpause();
    }

    function setCap(uint256 newCap) external {
        newCap = bound(newCap, token.totalSupply(), token.initialCap());
        vm.prank(admin);
        token.setCap(newCap);
    }

    function _actor(uint256 seed) private view returns (address) {
        return _actors[seed % _actors.length];
    }
}
