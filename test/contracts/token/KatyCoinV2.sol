// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KatyCoin} from "../../../contracts/token/KatyCoin.sol";

/**
 * @title KatyCoinV2
 * @notice Test-only upgrade of {KatyCoin}: one new storage field and one new
 * function, used to prove that an upgrade keeps balances, allowances, roles
 * and nonces.
 * @dev The new field lives in its own ERC-7201 namespace, so it can never
 * collide with V1's storage. V1's `initialize` already ran on the proxy, so
 * V2 has only a reinitializer, which the upgrades plugin must be told is fine.
 * @custom:oz-upgrades-from contracts/token/KatyCoin.sol:KatyCoin
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract KatyCoinV2 is KatyCoin {
    /// @custom:storage-location erc7201:kc.storage.KatyCoinV2
    struct KatyCoinV2Storage {
        string motto;
    }

    // keccak256(abi.encode(uint256(keccak256("kc.storage.KatyCoinV2")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant KATY_COIN_V2_STORAGE_LOCATION =
        0x7b395e1e100addc71ae3f2d7f6da82059733870fd127ffe5b765d40375666200;

    /// @notice Emitted when the motto changes.
    event MottoUpdated(string motto);

    /// @notice Runs once, during the upgrade to V2.
    function initializeV2(string calldata motto_) external reinitializer(2) {
        _setMotto(motto_);
    }

    /// @notice The motto set by the admin; empty until set.
    function motto() external view returns (string memory) {
        return _getKatyCoinV2Storage().motto;
    }

    /// @notice Changes the motto. Requirements: the caller has the admin role.
    function setMotto(string calldata motto_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMotto(motto_);
    }

    function _setMotto(string calldata motto_) private {
        _getKatyCoinV2Storage().motto = motto_;
        emit MottoUpdated(motto_);
    }

    function _getKatyCoinV2Storage() private pure returns (KatyCoinV2Storage storage $) {
        assembly {
            $.slot := KATY_COIN_V2_STORAGE_LOCATION
        }
    }
}
