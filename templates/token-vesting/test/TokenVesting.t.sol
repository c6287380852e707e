// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {IKatyCoin} from "../../../contracts/token/IKatyCoin.sol";
import {KatyCoin} from "../../../contracts/token/KatyCoin.sol";
import {KCTest} from "../../../test/lib/KCTest.sol";
import {ITokenVesting} from "../contracts/ITokenVesting.sol";
import {TokenVesting} from "../contracts/TokenVesting.sol";

/// @notice Drives random schedule creations, releases, revocations and the passing of time.
contract TokenVestingHandler is KCTest {
    IKatyCoin public immutable token;
    TokenVesting public immutable vesting;
    address public immutable owner;

    uint256 public ghostLocked;
    uint256 public ghostReleased;
    uint256 public ghostReturned;

    constructor(IKatyCoin token_, TokenVesting vesting_, address owner_) {
        token = token_;
        vesting = vesting_;
        owner = owner_;
    }

    function createSchedule(
        uint256 total,
        uint256 startOffset,
        uint256 cliff,
        uint256 duration,
        bool revocable
    ) external {
        total = bound(total, 1, 1_000_000e18);
        duration = bound(duration, 1, 4 * 365 days);
        cliff = bound(cliff, 0, duration);
        // Starts from a year in the past to a year ahead.
        uint256 start = bound(startOffset, block.timestamp - 365 days, block.timestamp + 365 days);

        vm.prank(owner);
        vesting.createSchedule(address(0xBEEF), total, uint64(start), uint64(cliff), uint64(duration), revocable);

        ghostLocked += total;
    }

    function release(uint256 seed) external {
        uint256 count = vesting.scheduleCount();
        if (count == 0) return;
        uint256 scheduleId = seed % count;
        uint256 amount = vesting.releasable(scheduleId);
        if (amount == 0) return;

        vesting.release(scheduleId);

        ghostReleased += amount;
    }

    function revoke(uint256 seed) external {
        uint256 count = vesting.scheduleCount();
        if (count == 0) return;
        uint256 scheduleId = seed % count;
        ITokenVesting.Schedule memory stored = vesting.schedule(scheduleId);
        if (!stored.revocable || stored.revoked) return;
        uint256 vested = vesting.vestedAmount(scheduleId, uint64(block.timestamp));

        vm.prank(owner);
        vesting.revoke(scheduleId);

        ghostReturned += stored.total - vested;
    }

    function passTime(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 180 days));
    }
}

/// @notice Invariants of vesting over random sequences of every operation.
contract TokenVestingInvariantTest is KCTest {
    address private constant ADMIN = address(0xA11CE);
    address private constant OWNER = address(0x0E1);

    KatyCoin private token;
    TokenVesting private vesting;
    TokenVestingHandler private handler;

    function setUp() public {
        vm.warp(1_800_000_000);
        KatyCoin implementation = new KatyCoin();
        bytes memory init = abi.encodeCall(KatyCoin.initialize, (ADMIN, 1_000_000_000e18));
        token = KatyCoin(address(new ERC1967Proxy(address(implementation), init)));

        vesting = new TokenVesting(token, OWNER);
        handler = new TokenVestingHandler(token, vesting, OWNER);
        vm.prank(ADMIN);
        token.mint(OWNER, 500_000_000e18);
        vm.prank(OWNER);
        token.approve(address(vesting), type(uint256).max);

        targetContract(address(handler));
    }

    function invariant_ReleasedNeverExceedsVestedNorTotal() public view {
        uint256 count = vesting.scheduleCount();
        for (uint256 id = 0; id < count; id++) {
            ITokenVesting.Schedule memory stored = vesting.schedule(id);
            uint256 vested = vesting.vestedAmount(id, uint64(block.timestamp));
            vm.assertLe(stored.released, vested, "released within vested");
            vm.assertLe(vested, stored.total, "vested within total");
        }
    }

    function invariant_BalanceCoversExactlyWhatIsOwed() public view {
        uint256 owed = handler.ghostLocked() - handler.ghostReleased() - handler.ghostReturned();
        vm.assertEq(vesting.totalOwed(), owed, "totalOwed from ghosts");
        vm.assertEq(token.balanceOf(address(vesting)), owed, "balance equals what is owed");
    }
}
