// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IKatyCoin} from "../token/IKatyCoin.sol";
import {IKCPaymentBase} from "./IKCPaymentBase.sol";

/**
 * @title KCPaymentBase
 * @notice The parts every KC payment contract shares: the token, the roles, pausing, the upgrade
 * gate, the reentrancy guard and the recovery of tokens sent to the contract by mistake.
 * @dev The reentrancy guard keeps its flag in transient storage (EIP-1153, cancun), so it adds
 * nothing to the proxy's storage layout and costs no cold storage access per call.
 *
 * The pause flag is ours rather than OpenZeppelin's PausableUpgradeable, whose flag sits in a
 * namespace of its own: here it shares a slot with the token address, and every call that moves
 * KC reads both, so that call pays for one cold storage read instead of two (about 2,000 gas
 * less per payment; decision 0015). Events, errors and `paused()` keep OpenZeppelin's
 * signatures, so clients and the indexer see no difference.
 */
abstract contract KCPaymentBase is
    Initializable,
    AccessControlUpgradeable,
    UUPSUpgradeable,
    ReentrancyGuardTransient,
    IKCPaymentBase
{
    using SafeERC20 for IERC20;

    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    bytes32 public constant UPGRADER_ROLE = keccak256("UPGRADER_ROLE");

    /// @custom:storage-location erc7201:kc.storage.KCPaymentBase
    struct KCPaymentBaseStorage {
        IKatyCoin token;
        // Packed beside the token: see the contract's notes.
        bool paused;
    }

    // keccak256(abi.encode(uint256(keccak256("kc.storage.KCPaymentBase")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant KC_PAYMENT_BASE_STORAGE_LOCATION =
        0xac9f8ea790a0245ef74b9f81baf7aec7ba61056a6a586d52b47fdce313dda600;

    /// @dev Refuses the call while the contract is paused.
    modifier whenNotPaused() {
        if (_getKCPaymentBaseStorage().paused) revert EnforcedPause();
        _;
    }

    /// @inheritdoc IKCPaymentBase
    function pause() external onlyRole(PAUSER_ROLE) {
        KCPaymentBaseStorage storage $ = _getKCPaymentBaseStorage();
        if ($.paused) revert EnforcedPause();

        $.paused = true;
        emit Paused(msg.sender);
    }

    /// @inheritdoc IKCPaymentBase
    function unpause() external onlyRole(PAUSER_ROLE) {
        KCPaymentBaseStorage storage $ = _getKCPaymentBaseStorage();
        if (!$.paused) revert ExpectedPause();

        $.paused = false;
        emit Unpaused(msg.sender);
    }

    /// @inheritdoc IKCPaymentBase
    function paused() external view returns (bool) {
        return _getKCPaymentBaseStorage().paused;
    }

    /// @inheritdoc IKCPaymentBase
    function token() public view returns (IKatyCoin) {
        return _getKCPaymentBaseStorage().token;
    }

    /// @inheritdoc IKCPaymentBase
    function recoverable(address asset) public view returns (uint256) {
        uint256 balance = IERC20(asset).balanceOf(address(this));
        uint256 owed = asset == address(token()) ? _heldKC() : 0;

        // Checked on purpose: records that claimed more than the balance would make this revert,
        // and nothing be recovered, rather than report a wrapped-around amount.
        return balance - owed;
    }

    /// @inheritdoc IKCPaymentBase
    function recoverTokens(
        address asset,
        address to,
        uint256 amount
    ) external onlyRole(DEFAULT_ADMIN_ROLE) nonReentrant whenNotPaused {
        if (to == address(0)) revert KCRecoveryZeroRecipient();
        if (amount == 0) revert KCRecoveryZeroAmount();
        uint256 available = recoverable(asset);
        if (amount > available) revert KCRecoveryUnavailable(asset, amount, available);

        emit TokensRecovered(asset, to, amount, msg.sender);

        IERC20(asset).safeTransfer(to, amount);
    }

    /**
     * @dev Sets the token and gives `admin` every role. The concrete contract's `initialize`
     * checks both addresses first, with its own error.
     */
    function __KCPaymentBase_init(IKatyCoin token_, address admin) internal onlyInitializing {
        __AccessControl_init();

        _getKCPaymentBaseStorage().token = token_;

        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
        _grantRole(UPGRADER_ROLE, admin);
    }

    /**
     * @dev The KC this contract's records hold for their users, which {recoverTokens} must never
     * send. None by default: only the escrow holds KC.
     */
    function _heldKC() internal view virtual returns (uint256) {
        return 0;
    }

    /// @dev Only the upgrader role may point the proxy at a new implementation.
    function _authorizeUpgrade(address) internal override onlyRole(UPGRADER_ROLE) {}

    function _getKCPaymentBaseStorage() private pure returns (KCPaymentBaseStorage storage $) {
        assembly {
            $.slot := KC_PAYMENT_BASE_STORAGE_LOCATION
        }
    }
}
