// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {ERC20BurnableUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20BurnableUpgradeable.sol";
import {ERC20PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20PausableUpgradeable.sol";
import {ERC20PermitUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20PermitUpgradeable.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

import {IKatyCoin} from "./IKatyCoin.sol";

/**
 * @title KatyCoin
 * @notice The Katy Coin (KC) ERC-20 token: 18 decimals, EIP-2612 permit,
 * role-based minting under a supply cap, pausing, burning, and UUPS upgrades.
 * @dev Deployed behind an ERC-1967 proxy. The constructor disables
 * initializers so the implementation itself can never be taken over.
 *
 * Roles: `DEFAULT_ADMIN_ROLE` grants and revokes the others and moves the cap;
 * `MINTER_ROLE` mints; `PAUSER_ROLE` pauses; `UPGRADER_ROLE` upgrades.
 *
 * @custom:security-contact security@katycoin.invalid
 */
contract KatyCoin is
    Initializable,
    ERC20Upgradeable,
    ERC20BurnableUpgradeable,
    ERC20PausableUpgradeable,
    ERC20PermitUpgradeable,
    AccessControlUpgradeable,
    UUPSUpgradeable,
    IKatyCoin
{
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    bytes32 public constant UPGRADER_ROLE = keccak256("UPGRADER_ROLE");

    /// @custom:storage-location erc7201:kc.storage.KatyCoin
    struct KatyCoinStorage {
        uint256 cap;
        uint256 initialCap;
    }

    // keccak256(abi.encode(uint256(keccak256("kc.storage.KatyCoin")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant KATY_COIN_STORAGE_LOCATION =
        0x3f9d0b016981b80bcb08682812fa6fd2e4bb1686e14d2246e0c2ea6eb4d0ae00;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /**
     * @notice Sets up the token behind a fresh proxy.
     * @param admin Receives every role; it hands them over after deployment.
     * @param initialCap_ The supply cap, and the highest it may ever be.
     */
    function initialize(address admin, uint256 initialCap_) external initializer {
        if (admin == address(0)) revert KatyCoinZeroAddress("admin");

        __ERC20_init("Katy Coin", "KC");
        __ERC20Burnable_init();
        __ERC20Pausable_init();
        __ERC20Permit_init("Katy Coin");
        __AccessControl_init();

        KatyCoinStorage storage $ = _getKatyCoinStorage();
        $.cap = initialCap_;
        $.initialCap = initialCap_;
        emit SupplyCapUpdated(0, initialCap_);

        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
        _grantRole(UPGRADER_ROLE, admin);
    }

    /// @inheritdoc IKatyCoin
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    /// @inheritdoc IKatyCoin
    function burn(uint256 amount) public override(ERC20BurnableUpgradeable, IKatyCoin) {
        super.burn(amount);
    }

    /// @inheritdoc IKatyCoin
    function burnFrom(address account, uint256 amount) public override(ERC20BurnableUpgradeable, IKatyCoin) {
        super.burnFrom(account, amount);
    }

    /// @inheritdoc IKatyCoin
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc IKatyCoin
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    /// @inheritdoc IKatyCoin
    function setCap(uint256 newCap) external onlyRole(DEFAULT_ADMIN_ROLE) {
        KatyCoinStorage storage $ = _getKatyCoinStorage();
        uint256 supply = totalSupply();
        if (newCap < supply || newCap > $.initialCap) {
            revert KatyCoinInvalidCap(newCap, supply, $.initialCap);
        }

        uint256 previousCap = $.cap;
        $.cap = newCap;
        emit SupplyCapUpdated(previousCap, newCap);
    }

    /// @inheritdoc IKatyCoin
    function cap() external view returns (uint256) {
        return _getKatyCoinStorage().cap;
    }

    /// @inheritdoc IKatyCoin
    function initialCap() external view returns (uint256) {
        return _getKatyCoinStorage().initialCap;
    }

    /// @inheritdoc ERC20PermitUpgradeable
    function nonces(address owner) public view override(ERC20PermitUpgradeable, IERC20Permit) returns (uint256) {
        return super.nonces(owner);
    }

    /**
     * @dev Every movement of tokens passes here: the pause check comes from
     * ERC20Pausable, and mints are held under the cap.
     */
    function _update(
        address from,
        address to,
        uint256 value
    ) internal override(ERC20Upgradeable, ERC20PausableUpgradeable) {
        // Same check as ERC20Pausable's override, made here so the call skips
        // one level of the override chain (transfer is the hottest path).
        _requireNotPaused();
        ERC20Upgradeable._update(from, to, value);

        if (from == address(0)) {
            uint256 supply = totalSupply();
            uint256 currentCap = _getKatyCoinStorage().cap;
            if (supply > currentCap) revert KatyCoinCapExceeded(supply, currentCap);
        }
    }

    /// @dev Only the upgrader role may point the proxy at a new implementation.
    function _authorizeUpgrade(address) internal override onlyRole(UPGRADER_ROLE) {}

    function _getKatyCoinStorage() private pure returns (KatyCoinStorage storage $) {
        assembly {
            $.slot := KATY_COIN_STORAGE_LOCATION
        }
    }
}
