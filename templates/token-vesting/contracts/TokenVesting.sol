// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {IKatyCoin} from "../../../contracts/token/IKatyCoin.sol";
import {ITokenVesting} from "./ITokenVesting.sol";

/**
 * @title TokenVesting
 * @notice Many KC vesting schedules in one contract, each with a cliff, a linear release and an optional
 * revocation by the owner.
 * @dev Not upgradeable on purpose: a beneficiary must be able to read once what can ever happen to the grant.
 * The contract's KC balance always covers {totalOwed}; KC sent to it directly is not owed to anyone and stays.
 */
contract TokenVesting is ITokenVesting, Ownable2Step, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice The KC token that vests.
    IKatyCoin public immutable token;

    /// @inheritdoc ITokenVesting
    uint256 public totalOwed;

    Schedule[] private _schedules;

    /**
     * @param token_ The KC token.
     * @param owner_ Creates and revokes schedules, and receives unvested KC on revocation.
     */
    constructor(IKatyCoin token_, address owner_) Ownable(owner_) {
        if (address(token_) == address(0)) revert TokenVestingZeroAddress("token");

        token = token_;
    }

    /// @inheritdoc ITokenVesting
    function createSchedule(
        address beneficiary,
        uint256 total,
        uint64 start,
        uint64 cliffDuration,
        uint64 duration,
        bool revocable
    ) external onlyOwner nonReentrant returns (uint256 scheduleId) {
        if (beneficiary == address(0)) revert TokenVestingZeroAddress("beneficiary");
        if (total == 0) revert TokenVestingZeroAmount();
        if (duration == 0 || cliffDuration > duration) revert TokenVestingInvalidDurations(cliffDuration, duration);

        scheduleId = _schedules.length;
        _schedules.push(
            Schedule({
                beneficiary: beneficiary,
                start: start,
                revocable: revocable,
                revoked: false,
                cliffDuration: cliffDuration,
                duration: duration,
                revokedAt: 0,
                total: total,
                released: 0
            })
        );
        totalOwed += total;
        emit ScheduleCreated(scheduleId, beneficiary, total, start, cliffDuration, duration, revocable);

        IERC20(token).safeTransferFrom(msg.sender, address(this), total);
    }

    /// @inheritdoc ITokenVesting
    function release(uint256 scheduleId) external nonReentrant {
        Schedule storage stored = _scheduleAt(scheduleId);
        uint256 amount = _vestedAt(stored, uint64(block.timestamp)) - stored.released;
        if (amount == 0) revert TokenVestingNothingToRelease(scheduleId);

        stored.released += amount;
        totalOwed -= amount;
        emit TokensReleased(scheduleId, stored.beneficiary, amount, stored.released);

        IERC20(token).safeTransfer(stored.beneficiary, amount);
    }

    /// @inheritdoc ITokenVesting
    function revoke(uint256 scheduleId) external onlyOwner nonReentrant {
        Schedule storage stored = _scheduleAt(scheduleId);
        if (!stored.revocable) revert TokenVestingNotRevocable(scheduleId);
        if (stored.revoked) revert TokenVestingAlreadyRevoked(scheduleId);

        uint256 vested = _vestedAt(stored, uint64(block.timestamp));
        uint256 unvested = stored.total - vested;
        stored.revoked = true;
        stored.revokedAt = uint64(block.timestamp);
        totalOwed -= unvested;
        emit ScheduleRevoked(scheduleId, vested, unvested);

        if (unvested > 0) IERC20(token).safeTransfer(msg.sender, unvested);
    }

    /// @inheritdoc ITokenVesting
    function schedule(uint256 scheduleId) external view returns (Schedule memory) {
        return _scheduleAt(scheduleId);
    }

    /// @inheritdoc ITokenVesting
    function vestedAmount(uint256 scheduleId, uint64 timestamp) external view returns (uint256) {
        return _vestedAt(_scheduleAt(scheduleId), timestamp);
    }

    /// @inheritdoc ITokenVesting
    function releasable(uint256 scheduleId) external view returns (uint256) {
        Schedule storage stored = _scheduleAt(scheduleId);
        return _vestedAt(stored, uint64(block.timestamp)) - stored.released;
    }

    /// @inheritdoc ITokenVesting
    function scheduleCount() external view returns (uint256) {
        return _schedules.length;
    }

    function _scheduleAt(uint256 scheduleId) private view returns (Schedule storage) {
        if (scheduleId >= _schedules.length) revert TokenVestingUnknownSchedule(scheduleId);
        return _schedules[scheduleId];
    }

    /**
     * @dev The vesting curve: zero before the cliff, linear from `start` to `start + duration`, then `total`.
     * A revoked schedule's curve stops at `revokedAt`. Rounds down, so the last wei vests at the end.
     */
    function _vestedAt(Schedule storage stored, uint64 timestamp) private view returns (uint256) {
        if (stored.revoked && timestamp > stored.revokedAt) timestamp = stored.revokedAt;

        uint256 start = stored.start;
        if (timestamp < start + stored.cliffDuration) return 0;
        if (timestamp >= start + stored.duration) return stored.total;
        return Math.mulDiv(stored.total, timestamp - start, stored.duration);
    }
}
