// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title ITokenVesting
 * @notice KC vesting schedules: the owner locks KC for a beneficiary; nothing vests before the cliff; from the
 * start the amount vests linearly until the end; the beneficiary (or anyone for them) releases what has vested.
 * The owner may revoke a schedule created revocable: the unvested part returns to the owner, the vested part
 * stays claimable by the beneficiary.
 * @dev Events and errors are declared and documented here once; the contract inherits the documentation.
 */
interface ITokenVesting {
    /**
     * @notice One vesting schedule.
     * @param beneficiary Who receives the released KC.
     * @param start When vesting starts (unix time); the linear curve runs from here.
     * @param revocable Whether the owner may revoke it.
     * @param revoked Whether it was revoked.
     * @param cliffDuration Seconds after `start` before anything vests; at the cliff, everything vested since
     * `start` becomes releasable at once.
     * @param duration Seconds from `start` until everything has vested.
     * @param revokedAt When it was revoked (0 if not); vesting stops there.
     * @param total The KC locked for the schedule.
     * @param released The KC released to the beneficiary so far.
     */
    struct Schedule {
        address beneficiary;
        uint64 start;
        bool revocable;
        bool revoked;
        uint64 cliffDuration;
        uint64 duration;
        uint64 revokedAt;
        uint256 total;
        uint256 released;
    }

    /**
     * @notice The owner created a schedule and locked its KC.
     * @param scheduleId The new schedule's id.
     * @param beneficiary Who receives the KC.
     * @param total The KC locked.
     * @param start When vesting starts.
     * @param cliffDuration Seconds from start to the cliff.
     * @param duration Seconds from start to the end.
     * @param revocable Whether the owner may revoke it.
     */
    event ScheduleCreated(
        uint256 indexed scheduleId,
        address indexed beneficiary,
        uint256 total,
        uint64 start,
        uint64 cliffDuration,
        uint64 duration,
        bool revocable
    );

    /**
     * @notice Vested KC was released to a beneficiary.
     * @param scheduleId The schedule.
     * @param beneficiary Who received it.
     * @param amount This release.
     * @param totalReleased Everything released from the schedule so far, this release included.
     */
    event TokensReleased(
        uint256 indexed scheduleId,
        address indexed beneficiary,
        uint256 amount,
        uint256 totalReleased
    );

    /**
     * @notice The owner revoked a schedule.
     * @param scheduleId The schedule.
     * @param vested What had vested at revocation; it stays releasable by the beneficiary.
     * @param returned The unvested KC sent back to the owner.
     */
    event ScheduleRevoked(uint256 indexed scheduleId, uint256 vested, uint256 returned);

    /**
     * @notice An address that must be set was the zero address.
     * @param parameter The name of the parameter that was zero.
     */
    error TokenVestingZeroAddress(string parameter);

    /// @notice A schedule's total must be positive.
    error TokenVestingZeroAmount();

    /**
     * @notice The durations do not make a schedule: the duration must be positive and the cliff within it.
     * @param cliffDuration The cliff asked for.
     * @param duration The duration asked for.
     */
    error TokenVestingInvalidDurations(uint64 cliffDuration, uint64 duration);

    /**
     * @notice No schedule has this id.
     * @param scheduleId The id asked for.
     */
    error TokenVestingUnknownSchedule(uint256 scheduleId);

    /**
     * @notice Nothing is releasable now: the cliff has not passed or everything vested was released.
     * @param scheduleId The schedule.
     */
    error TokenVestingNothingToRelease(uint256 scheduleId);

    /**
     * @notice The schedule was created irrevocable.
     * @param scheduleId The schedule.
     */
    error TokenVestingNotRevocable(uint256 scheduleId);

    /**
     * @notice The schedule was revoked already.
     * @param scheduleId The schedule.
     */
    error TokenVestingAlreadyRevoked(uint256 scheduleId);

    /**
     * @notice Creates a schedule and pulls its `total` KC from the owner.
     * @dev Requirements: the caller is the owner and approved the contract for `total`; `beneficiary` is not
     * zero; `total > 0`; `0 < duration` and `cliffDuration <= duration`. Emits {ScheduleCreated}.
     * NOTE: `start` may lie in the past (a grant backdated to a hiring date); whatever has vested by then is
     * releasable at once.
     * @return scheduleId The new schedule's id (ids count up from 0).
     */
    function createSchedule(
        address beneficiary,
        uint256 total,
        uint64 start,
        uint64 cliffDuration,
        uint64 duration,
        bool revocable
    ) external returns (uint256 scheduleId);

    /**
     * @notice Sends everything vested and not yet released to the schedule's beneficiary.
     * @dev Anyone may call it; the KC always goes to the beneficiary. Requirements: the schedule exists and
     * something is releasable. Emits {TokensReleased}.
     */
    function release(uint256 scheduleId) external;

    /**
     * @notice Stops a revocable schedule: what vested so far stays releasable, the rest goes to the owner.
     * @dev Requirements: the caller is the owner; the schedule exists, is revocable and not yet revoked.
     * Emits {ScheduleRevoked}.
     */
    function revoke(uint256 scheduleId) external;

    /// @notice The schedule stored under `scheduleId`. Reverts with {TokenVestingUnknownSchedule} if none.
    function schedule(uint256 scheduleId) external view returns (Schedule memory);

    /**
     * @notice How much of the schedule has vested at `timestamp` (for a revoked schedule, never more than at
     * revocation).
     */
    function vestedAmount(uint256 scheduleId, uint64 timestamp) external view returns (uint256);

    /// @notice How much the beneficiary could release now.
    function releasable(uint256 scheduleId) external view returns (uint256);

    /// @notice How many schedules exist; ids run from 0 to this minus one.
    function scheduleCount() external view returns (uint256);

    /// @notice KC the contract owes beneficiaries: locked in schedules and not yet released or returned.
    function totalOwed() external view returns (uint256);
}
