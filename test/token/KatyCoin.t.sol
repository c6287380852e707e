// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {IKatyCoin} from "../../contracts/token/IKatyCoin.sol";
import {KatyCoin} from "../../contracts/token/KatyCoin.sol";
import {KCTest} from "../lib/KCTest.sol";
import {KatyCoinHandler} from "./KatyCoinHandler.sol";

/// @dev Shared set-up: a KC token behind an ERC-1967 proxy.
abstract contract KatyCoinSetUp is KCTest {
    uint256 internal constant CAP = 1_000_000e18;
    address internal constant ADMIN = address(0xA11CE);

    KatyCoin internal token;

    function _deployToken() internal {
        KatyCoin implementation = new KatyCoin();
        bytes memory init = abi.encodeCall(KatyCoin.initialize, (ADMIN, CAP));
        token = KatyCoin(address(new ERC1967Proxy(address(implementation), init)));
    }
}

/// @notice Property tests: one operation at a time, random inputs.
contract KatyCoinFuzzTest is KatyCoinSetUp {
    bytes32 private constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    error ERC2612InvalidSigner(address signer, address owner);

    function setUp() public {
        _deployToken();
    }

    function testFuzz_MintNeverExceedsCap(uint256 first, uint256 second) public {
        first = bound(first, 0, CAP);
        vm.prank(ADMIN);
        token.mint(address(0xB0B), first);

        uint256 room = CAP - first;
        second = bound(second, room + 1, type(uint128).max);
        vm.expectRevert(abi.encodeWithSelector(IKatyCoin.KatyCoinCapExceeded.selector, first + second, CAP));
        vm.prank(ADMIN);
        token.mint(address(0xB0B), second);

        vm.assertEq(token.totalSupply(), first, "a refused mint changes nothing");
    }

    function testFuzz_TransferConservesSupply(uint256 minted, uint256 sent, address to) public {
        vm.assume(to != address(0));
        minted = bound(minted, 0, CAP);
        sent = bound(sent, 0, minted);
        address from = address(0xB0B);
        vm.prank(ADMIN);
        token.mint(from, minted);

        vm.prank(from);
        token.transfer(to, sent);

        uint256 expectedFrom = to == from ? minted : minted - sent;
        vm.assertEq(token.balanceOf(from), expectedFrom, "sender balance");
        vm.assertEq(token.totalSupply(), minted, "supply unchanged by a transfer");
    }

    function testFuzz_SetCapStaysWithinBounds(uint256 minted, uint256 newCap) public {
        minted = bound(minted, 0, CAP);
        vm.prank(ADMIN);
        token.mint(address(0xB0B), minted);

        bool allowed = newCap >= minted && newCap <= CAP;
        if (!allowed) {
            vm.expectRevert(abi.encodeWithSelector(IKatyCoin.KatyCoinInvalidCap.selector, newCap, minted, CAP));
        }
        vm.prank(ADMIN);
        token.setCap(newCap);

        vm.assertEq(token.cap(), allowed ? newCap : CAP, "cap after setCap");
    }

    function testFuzz_PermitSetsAllowanceOnce(uint256 ownerKey, uint256 value, uint256 deadlineOffset) public {
        // secp256k1 keys are in [1, n - 1].
        ownerKey = bound(ownerKey, 1, 115792089237316195423570985008687907852837564279074904382605163141518161494336);
        deadlineOffset = bound(deadlineOffset, 0, 365 days);
        address owner = vm.addr(ownerKey);
        address spender = address(0x5BE4D);
        uint256 deadline = block.timestamp + deadlineOffset;

        (uint8 v, bytes32 r, bytes32 s) = vm.sign(ownerKey, _permitDigest(owner, spender, value, 0, deadline));

        token.permit(owner, spender, value, deadline, v, r, s);
        vm.assertEq(token.allowance(owner, spender), value, "allowance from permit");

        // The same signature again: the nonce moved on, so the signature now
        // recovers to another address, which the token names in its error.
        address recovered = ecrecover(_permitDigest(owner, spender, value, 1, deadline), v, r, s);
        vm.expectRevert(abi.encodeWithSelector(ERC2612InvalidSigner.selector, recovered, owner));
        token.permit(owner, spender, value, deadline, v, r, s);
    }

    function _permitDigest(
        address owner,
        address spender,
        uint256 value,
        uint256 nonce,
        uint256 deadline
    ) private view returns (bytes32) {
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonce, deadline));
        return keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
    }

    function test_StorageLivesInTheErc7201Slot() public view {
        bytes32 slot = 0x3f9d0b016981b80bcb08682812fa6fd2e4bb1686e14d2246e0c2ea6eb4d0ae00;
        bytes32 expected =
            keccak256(abi.encode(uint256(keccak256("kc.storage.KatyCoin")) - 1)) & ~bytes32(uint256(0xff));
        vm.assertEq(slot, expected, "namespace slot formula");
        vm.assertEq(uint256(vm.load(address(token), slot)), CAP, "cap stored at the namespace slot");
    }
}

/// @notice Invariant tests: random sequences of every token operation.
contract KatyCoinInvariantTest is KatyCoinSetUp {
    KatyCoinHandler internal handler;

    function setUp() public {
        _deployToken();
        handler = new KatyCoinHandler(token, ADMIN);
        targetContract(address(handler));
    }

    function invariant_SupplyEqualsSumOfBalances() public view {
        address[] memory actors = handler.actors();
        uint256 sum;
        for (uint256 i = 0; i < actors.length; i++) {
            sum += token.balanceOf(actors[i]);
        }
        vm.assertEq(token.totalSupply(), sum, "total supply equals the sum of balances");
    }

    function invariant_SupplyNeverExceedsCap() public view {
        vm.assertLe(token.totalSupply(), token.cap(), "supply within cap");
        vm.assertLe(token.cap(), token.initialCap(), "cap within the initial cap");
    }

    function invariant_SupplyMatchesMintsMinusBurns() public view {
        vm.assertEq(token.totalSupply(), handler.ghostMinted() - handler.ghostBurned(), "supply from ghosts");
    }
}
