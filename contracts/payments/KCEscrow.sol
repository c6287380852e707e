// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IKatyCoin} from "../token/IKatyCoin.sol";
import {IKCEscrow} from "./IKCEscrow.sol";
import {KCPaymentBase} from "./KCPaymentBase.sol";

/**
 * @title KCEscrow
 * @notice Holds KC between a payer and a payee, with an optional arbiter for disputes.
 * @dev See {IKCEscrow} for behaviour. Every exit sets a final status before any KC moves, so an
 * escrow can be paid out once only, and always exactly the amount it holds; {totalHeld} is the sum
 * of the amounts of open and disputed escrows and equals this contract's KC balance unless someone
 * sent KC here directly; only that excess is recoverable ({recoverTokens}).
 *
 * Pausing stops every exit that moves KC and new escrows; {dispute} stays open while paused so a
 * pause cannot run a payee past the deadline and into the payer's reclaim.
 *
 * @custom:security-contact security@katycoin.invalid
 */
contract KCEscrow is KCPaymentBase, IKCEscrow {
    using SafeERC20 for IKatyCoin;

    /// @custom:storage-location erc7201:kc.storage.KCEscrow
    struct KCEscrowStorage {
        uint256 escrowCount;
        uint256 totalHeld;
        mapping(uint256 escrowId => Escrow) escrows;
    }

    // keccak256(abi.encode(uint256(keccak256("kc.storage.KCEscrow")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant KC_ESCROW_STORAGE_LOCATION =
        0x5de3c06334dc104759eaa87cd43cf283f5b3a0854bd372c579f693cf9e102e00;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /**
     * @notice Sets up the contract behind a fresh proxy.
     * @param token_ The KC token.
     * @param admin Receives every role; it hands them over after deployment.
     */
    function initialize(address token_, address admin) external initializer {
        if (token_ == address(0)) revert KCEscrowZeroAddress("token");
        if (admin == address(0)) revert KCEscrowZeroAddress("admin");

        __KCPaymentBase_init(IKatyCoin(token_), admin);
    }

    /// @inheritdoc IKCEscrow
    function create(
        address payee,
        uint256 amount,
        uint64 deadline,
        address arbiter,
        bytes32 ref
    ) external nonReentrant whenNotPaused returns (uint256 escrowId) {
        if (payee == address(0)) revert KCEscrowZeroAddress("payee");
        if (payee == msg.sender) revert KCEscrowPartiesNotDistinct(msg.sender);
        if (arbiter == msg.sender || arbiter == payee) revert KCEscrowPartiesNotDistinct(arbiter);
        if (amount == 0) revert KCEscrowZeroAmount();
        if (deadline <= block.timestamp) revert KCEscrowInvalidDeadline(deadline, block.timestamp);

        KCEscrowStorage storage $ = _getKCEscrowStorage();
        escrowId = ++$.escrowCount;
        $.escrows[escrowId] = Escrow({
            payer: msg.sender,
            deadline: deadline,
            status: EscrowStatus.Open,
            payee: payee,
            arbiter: arbiter,
            amount: amount,
            ref: ref
        });
        $.totalHeld += amount;
        emit EscrowCreated(escrowId, msg.sender, payee, arbiter, amount, deadline, ref);

        token().safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IKCEscrow
    function release(uint256 escrowId) external nonReentrant whenNotPaused {
        Escrow storage escrow = _openEscrow(escrowId);
        if (msg.sender != escrow.payer) revert KCEscrowUnauthorized(escrowId, msg.sender);

        address payee = escrow.payee;
        uint256 amount = _close(escrow, EscrowStatus.Released);
        emit EscrowReleased(escrowId, payee, amount);

        token().safeTransfer(payee, amount);
    }

    /// @inheritdoc IKCEscrow
    function refund(uint256 escrowId) external nonReentrant whenNotPaused {
        Escrow storage escrow = _openEscrow(escrowId);
        if (msg.sender != escrow.payee) revert KCEscrowUnauthorized(escrowId, msg.sender);

        address payer = escrow.payer;
        uint256 amount = _close(escrow, EscrowStatus.Refunded);
        emit EscrowRefunded(escrowId, payer, amount);

        token().safeTransfer(payer, amount);
    }

    /// @inheritdoc IKCEscrow
    function reclaim(uint256 escrowId) external nonReentrant whenNotPaused {
        Escrow storage escrow = _openEscrow(escrowId);
        if (msg.sender != escrow.payer) revert KCEscrowUnauthorized(escrowId, msg.sender);
        if (block.timestamp < escrow.deadline) {
            revert KCEscrowDeadlineNotReached(escrowId, escrow.deadline, block.timestamp);
        }

        uint256 amount = _close(escrow, EscrowStatus.Reclaimed);
        emit EscrowReclaimed(escrowId, msg.sender, amount);

        token().safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IKCEscrow
    function dispute(uint256 escrowId) external {
        Escrow storage escrow = _openEscrow(escrowId);
        if (msg.sender != escrow.payer && msg.sender != escrow.payee) {
            revert KCEscrowUnauthorized(escrowId, msg.sender);
        }
        if (escrow.arbiter == address(0)) revert KCEscrowNoArbiter(escrowId);
        if (block.timestamp >= escrow.deadline) {
            revert KCEscrowDeadlinePassed(escrowId, escrow.deadline, block.timestamp);
        }

        escrow.status = EscrowStatus.Disputed;
        emit EscrowDisputed(escrowId, msg.sender);
    }

    /// @inheritdoc IKCEscrow
    function settle(uint256 escrowId, uint256 toPayee) external nonReentrant whenNotPaused {
        Escrow storage escrow = _getKCEscrowStorage().escrows[escrowId];
        EscrowStatus status = escrow.status;
        if (status == EscrowStatus.None) revert KCEscrowNotFound(escrowId);
        if (status != EscrowStatus.Disputed) revert KCEscrowNotDisputed(escrowId, status);
        if (msg.sender != escrow.arbiter) revert KCEscrowUnauthorized(escrowId, msg.sender);
        uint256 held = escrow.amount;
        if (toPayee > held) revert KCEscrowSettlementTooLarge(escrowId, toPayee, held);

        _close(escrow, EscrowStatus.Settled);
        // Cannot underflow: toPayee <= held was checked above.
        uint256 toPayer;
        unchecked {
            toPayer = held - toPayee;
        }
        emit EscrowSettled(escrowId, msg.sender, toPayee, toPayer);

        IKatyCoin kc = token();
        if (toPayee != 0) kc.safeTransfer(escrow.payee, toPayee);
        if (toPayer != 0) kc.safeTransfer(escrow.payer, toPayer);
    }

    /// @inheritdoc IKCEscrow
    function getEscrow(uint256 escrowId) external view returns (Escrow memory) {
        return _getKCEscrowStorage().escrows[escrowId];
    }

    /// @inheritdoc IKCEscrow
    function escrowCount() external view returns (uint256) {
        return _getKCEscrowStorage().escrowCount;
    }

    /// @inheritdoc IKCEscrow
    function totalHeld() external view returns (uint256) {
        return _getKCEscrowStorage().totalHeld;
    }

    /// @dev Open and disputed escrows' KC is theirs, not recoverable.
    function _heldKC() internal view override returns (uint256) {
        return _getKCEscrowStorage().totalHeld;
    }

    /// @dev The escrow, after checking that it exists and is open.
    function _openEscrow(uint256 escrowId) private view returns (Escrow storage escrow) {
        escrow = _getKCEscrowStorage().escrows[escrowId];
        EscrowStatus status = escrow.status;
        if (status == EscrowStatus.None) revert KCEscrowNotFound(escrowId);
        if (status != EscrowStatus.Open) revert KCEscrowNotOpen(escrowId, status);
    }

    /**
     * @dev Gives the escrow its final status and takes its amount off {totalHeld}. The amount
     * stays in the record for history; the status is what makes a second payout impossible.
     */
    function _close(Escrow storage escrow, EscrowStatus finalStatus) private returns (uint256 amount) {
        escrow.status = finalStatus;
        amount = escrow.amount;
        // Cannot underflow: totalHeld is the sum of the amounts of open and disputed escrows, and
        // this escrow is one of them until this line.
        unchecked {
            _getKCEscrowStorage().totalHeld -= amount;
        }
    }

    function _getKCEscrowStorage() private pure returns (KCEscrowStorage storage $) {
        assembly {
            $.slot := KC_ESCROW_STORAGE_LOCATION
        }
    }
}
