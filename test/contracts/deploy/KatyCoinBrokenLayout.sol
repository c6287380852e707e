// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {ERC20BurnableUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20BurnableUpgradeable.sol";
import {ERC20PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20PausableUpgradeable.sol";
import {ERC20PermitUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20PermitUpgradeable.sol";

/**
 * @title KatyCoinBrokenLayout
 * @notice Test-only: an "upgrade" of KatyCoin that the deploy tooling must
 * refuse. It has every base KatyCoin has, but puts a new field in front of the
 * existing ones in KatyCoin's own namespace, so `cap` and `initialCap` would
 * read the wrong slots after an upgrade.
 */
contract KatyCoinBrokenLayout is
    Initializable,
    ERC20Upgradeable,
    ERC20BurnableUpgradeable,
    ERC20PausableUpgradeable,
    ERC20PermitUpgradeable,
    AccessControlUpgradeable,
    UUPSUpgradeable
{
    /// @custom:storage-location erc7201:kc.storage.KatyCoin
    struct KatyCoinStorage {
        address treasury;
        uint256 cap;
        uint256 initialCap;
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Never used: the upgrade is refused before any call.
    function initialize() external initializer {
        __ERC20_init("Broken", "BRK");
        __ERC20Burnable_init();
        __ERC20Pausable_init();
        __ERC20Permit_init("Broken");
        __AccessControl_init();
    }

    function _update(
        address from,
        address to,
        uint256 value
    ) internal override(ERC20Upgradeable, ERC20PausableUpgradeable) {
        super._update(from, to, value);
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
