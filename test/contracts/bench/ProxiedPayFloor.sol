// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IKCPayments} from "../../../contracts/payments/IKCPayments.sol";

/**
 * @title ProxiedPayFloor
 * @notice Gas floor for `npm run bench -- payments-gas`: the least a payment contract behind a
 * UUPS proxy can spend on a KC payment whose fee goes to a treasury. It makes the two transfers
 * and nothing else: no checks, no pause, no guard, no storage read (token, treasury and fee are
 * constants of the implementation), so KCPayments can be measured against it.
 * @dev Never deploy it for use: it checks nothing and anyone may upgrade it.
 */
contract ProxiedPayFloor is UUPSUpgradeable {
    IERC20 private immutable KC;
    address private immutable TREASURY;
    uint256 private immutable FEE_BPS;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IERC20 kc, address treasury, uint256 feeBps_) {
        KC = kc;
        TREASURY = treasury;
        FEE_BPS = feeBps_;
    }

    /**
     * @notice The fee in basis points, fixed at construction.
     * @dev Also the proxy's construction call: OpenZeppelin's ERC1967Proxy refuses empty data,
     * and there is nothing to initialize.
     */
    function feeBps() external view returns (uint256) {
        return FEE_BPS;
    }

    /// @notice The two transfers alone, with KCPayments.pay's calldata.
    function pay(address to, uint256 amount, bytes32, string calldata) external {
        uint256 fee = (amount * FEE_BPS) / 10_000;

        KC.transferFrom(msg.sender, to, amount - fee);
        KC.transferFrom(msg.sender, TREASURY, fee);
    }

    /// @notice The two transfers and the event the issue asks for: what no design can go below.
    function payAndLog(address to, uint256 amount, bytes32 ref, string calldata memo) external {
        uint256 fee = (amount * FEE_BPS) / 10_000;
        emit IKCPayments.PaymentMade(msg.sender, to, ref, amount, fee, amount - fee, TREASURY, memo);

        KC.transferFrom(msg.sender, to, amount - fee);
        KC.transferFrom(msg.sender, TREASURY, fee);
    }

    /// @dev Open to anyone: this contract only exists to be measured.
    function _authorizeUpgrade(address) internal override {}
}
