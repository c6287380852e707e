// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKCPaymentBase} from "./IKCPaymentBase.sol";

/**
 * @title IKCEscrow
 * @notice Holds KC between a payer and a payee until one of them lets it go, the deadline passes,
 * or an arbiter settles a dispute.
 * @dev Paths out of an escrow, each taken at most once, each paying out exactly the amount held:
 * - {release}: the payer sends everything to the payee, while the escrow is open.
 * - {refund}: the payee sends everything back to the payer, while the escrow is open.
 * - {reclaim}: the payer takes everything back once the deadline has passed, while it is open.
 * - {dispute} then {settle}: before the deadline either party freezes the escrow; from then on only
 *   the arbiter can move it, splitting the amount between payee and payer as it sees fit.
 *
 * WARNING: a disputed escrow waits for its arbiter without a time limit. Choose an arbiter that
 * will act; an escrow without an arbiter cannot be disputed.
 * NOTE: KC sent to this contract other than through {create} belongs to no escrow; the admin can
 * send it on with {recoverTokens}, which never touches what open and disputed escrows hold.
 */
interface IKCEscrow is IKCPaymentBase {
    /// @notice The life of an escrow. Only `Open` and `Disputed` escrows hold KC.
    enum EscrowStatus {
        None,
        Open,
        Disputed,
        Released,
        Refunded,
        Reclaimed,
        Settled
    }

    /**
     * @notice An escrow as stored.
     * @param payer Funded the escrow; may release, reclaim after the deadline, and dispute.
     * @param deadline Before it: disputes allowed. From it on: the payer may reclaim.
     * @param status Where the escrow is in its life.
     * @param payee Receives the amount on release; may refund and dispute.
     * @param arbiter Settles a dispute; the zero address if the escrow cannot be disputed.
     * @param amount The KC held.
     * @param ref The integrator's identifier.
     */
    struct Escrow {
        address payer;
        uint64 deadline;
        EscrowStatus status;
        address payee;
        address arbiter;
        uint256 amount;
        bytes32 ref;
    }

    /**
     * @notice A payer funded a new escrow.
     * @param escrowId The new escrow's id (ids start at 1 and increase by one).
     * @param payer The account the amount came from.
     * @param payee The account it is meant for.
     * @param arbiter The account that settles a dispute, or zero for none.
     * @param amount The KC now held.
     * @param deadline Before it: disputes allowed. From it on: the payer may reclaim.
     * @param ref The integrator's identifier.
     */
    event EscrowCreated(
        uint256 indexed escrowId,
        address indexed payer,
        address indexed payee,
        address arbiter,
        uint256 amount,
        uint64 deadline,
        bytes32 ref
    );

    /**
     * @notice The payer released the escrow: the payee received the whole amount.
     * @param escrowId The escrow's id.
     * @param payee The account that received it.
     * @param amount The KC paid out.
     */
    event EscrowReleased(uint256 indexed escrowId, address indexed payee, uint256 amount);

    /**
     * @notice The payee refunded the escrow: the payer received the whole amount back.
     * @param escrowId The escrow's id.
     * @param payer The account that received it.
     * @param amount The KC paid out.
     */
    event EscrowRefunded(uint256 indexed escrowId, address indexed payer, uint256 amount);

    /**
     * @notice The payer took the whole amount back after the deadline.
     * @param escrowId The escrow's id.
     * @param payer The account that received it.
     * @param amount The KC paid out.
     */
    event EscrowReclaimed(uint256 indexed escrowId, address indexed payer, uint256 amount);

    /**
     * @notice A party disputed the escrow; only the arbiter can move it now.
     * @param escrowId The escrow's id.
     * @param disputedBy The payer or the payee.
     */
    event EscrowDisputed(uint256 indexed escrowId, address indexed disputedBy);

    /**
     * @notice The arbiter settled a disputed escrow: `toPayee + toPayer` is the whole amount.
     * @param escrowId The escrow's id.
     * @param arbiter The arbiter that settled it.
     * @param toPayee The KC sent to the payee.
     * @param toPayer The KC sent back to the payer.
     */
    event EscrowSettled(uint256 indexed escrowId, address indexed arbiter, uint256 toPayee, uint256 toPayer);

    /**
     * @notice An address that must be set was the zero address.
     * @param parameter The name of the parameter that was zero.
     */
    error KCEscrowZeroAddress(string parameter);

    /// @notice An escrow of zero KC was asked for.
    error KCEscrowZeroAmount();

    /**
     * @notice The payer, payee and arbiter must be three different accounts (the arbiter may be
     * zero).
     * @param account The account that appeared in two roles.
     */
    error KCEscrowPartiesNotDistinct(address account);

    /**
     * @notice The deadline is not in the future.
     * @param deadline The deadline asked for.
     * @param currentTime The block timestamp.
     */
    error KCEscrowInvalidDeadline(uint64 deadline, uint256 currentTime);

    /**
     * @notice No escrow has this id.
     * @param escrowId The id asked for.
     */
    error KCEscrowNotFound(uint256 escrowId);

    /**
     * @notice The escrow is not open: it is disputed or already paid out.
     * @param escrowId The escrow's id.
     * @param status Its current status.
     */
    error KCEscrowNotOpen(uint256 escrowId, EscrowStatus status);

    /**
     * @notice The escrow is not disputed, so the arbiter cannot settle it.
     * @param escrowId The escrow's id.
     * @param status Its current status.
     */
    error KCEscrowNotDisputed(uint256 escrowId, EscrowStatus status);

    /**
     * @notice The caller is not the party this action belongs to.
     * @param escrowId The escrow's id.
     * @param caller The account that tried.
     */
    error KCEscrowUnauthorized(uint256 escrowId, address caller);

    /**
     * @notice The payer tried to reclaim before the deadline.
     * @param escrowId The escrow's id.
     * @param deadline The escrow's deadline.
     * @param currentTime The block timestamp.
     */
    error KCEscrowDeadlineNotReached(uint256 escrowId, uint64 deadline, uint256 currentTime);

    /**
     * @notice A party tried to dispute at or after the deadline.
     * @param escrowId The escrow's id.
     * @param deadline The escrow's deadline.
     * @param currentTime The block timestamp.
     */
    error KCEscrowDeadlinePassed(uint256 escrowId, uint64 deadline, uint256 currentTime);

    /**
     * @notice The escrow has no arbiter, so it cannot be disputed.
     * @param escrowId The escrow's id.
     */
    error KCEscrowNoArbiter(uint256 escrowId);

    /**
     * @notice The arbiter tried to give the payee more than the escrow holds.
     * @param escrowId The escrow's id.
     * @param toPayee The amount asked for the payee.
     * @param amount The amount the escrow holds.
     */
    error KCEscrowSettlementTooLarge(uint256 escrowId, uint256 toPayee, uint256 amount);

    /**
     * @notice Locks `amount` KC from the caller for `payee`.
     * @dev Requirements: not paused; `payee` is not zero; payer, payee and arbiter (if set) are
     * distinct; `amount` is not zero; `deadline` is after the block timestamp; the caller allowed
     * this contract at least `amount`. Emits {EscrowCreated}.
     * @param payee The account the KC is meant for.
     * @param amount The KC to lock.
     * @param deadline Before it: disputes allowed. From it on: the payer may reclaim.
     * @param arbiter The account that settles disputes, or zero for an escrow that cannot be disputed.
     * @param ref The integrator's identifier.
     * @return escrowId The new escrow's id.
     */
    function create(
        address payee,
        uint256 amount,
        uint64 deadline,
        address arbiter,
        bytes32 ref
    ) external returns (uint256 escrowId);

    /**
     * @notice The payer sends the whole amount to the payee.
     * @dev Requirements: not paused; the caller is the payer; the escrow is open (deadline does not
     * matter). Emits {EscrowReleased}.
     */
    function release(uint256 escrowId) external;

    /**
     * @notice The payee sends the whole amount back to the payer.
     * @dev Requirements: not paused; the caller is the payee; the escrow is open (deadline does not
     * matter). Emits {EscrowRefunded}.
     */
    function refund(uint256 escrowId) external;

    /**
     * @notice The payer takes the whole amount back once the deadline has passed.
     * @dev Requirements: not paused; the caller is the payer; the escrow is open;
     * `block.timestamp >= deadline`. Emits {EscrowReclaimed}.
     */
    function reclaim(uint256 escrowId) external;

    /**
     * @notice Freezes the escrow so that only its arbiter can move it.
     * @dev Requirements: the caller is the payer or the payee; the escrow is open and has an
     * arbiter; `block.timestamp < deadline`. Emits {EscrowDisputed}.
     * NOTE: works while paused. It moves no KC, and a pause must not run the payee past the
     * deadline with no way to contest a reclaim.
     */
    function dispute(uint256 escrowId) external;

    /**
     * @notice The arbiter splits a disputed escrow: `toPayee` to the payee, the rest to the payer.
     * @dev Requirements: not paused; the caller is the arbiter; the escrow is disputed;
     * `toPayee <= amount`. Emits {EscrowSettled}.
     */
    function settle(uint256 escrowId, uint256 toPayee) external;

    /// @notice An escrow as stored; one that does not exist has status `None`.
    function getEscrow(uint256 escrowId) external view returns (Escrow memory);

    /// @notice How many escrows have been created; the latest has this id.
    function escrowCount() external view returns (uint256);

    /// @notice The KC held for open and disputed escrows together.
    function totalHeld() external view returns (uint256);
}
