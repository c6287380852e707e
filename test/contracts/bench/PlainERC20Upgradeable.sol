// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {ERC20PermitUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20PermitUpgradeable.sol";

/**
 * @title PlainERC20Upgradeable
 * @notice Gas baseline for `npm run bench`: OpenZeppelin's upgradeable ERC-20
 * with permit and nothing else, behind the same ERC-1967 proxy as KC.
 * @dev Anyone may upgrade it; it exists only to be measured.
 */
contract PlainERC20Upgradeable is Initializable, ERC20Upgradeable, ERC20PermitUpgradeable, UUPSUpgradeable {
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address holder, uint256 supply) external initializer {
        __ERC20_init("Plain", "PLN");
        __ERC20Permit_init("Plain");
        _mint(holder, supply);
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _authorizeUpgrade(address) internal override {}
}
