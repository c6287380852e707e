// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KatyCoin} from "../../../contracts/token/KatyCoin.sol";
import {IKCPayments} from "../../../contracts/payments/IKCPayments.sol";

/**
 * @title KatyCoinPayFloor
 * @notice Gas floor for `npm run bench -- payments-gas`: a fee-taking `pay` built into the KC
 * token itself, the one design decision 0015 names as able to reach the issue's 1.5x target. The
 * payer moves its own balance, so there is no allowance, no call out of the token and no second
 * proxy hop; the pause check and the event stay.
 * @dev Never deploy it for use: it checks nothing beyond what KC's transfer checks, and it puts
 * fee logic into the contract every holder depends on, which is why KC does not do this.
 */
contract KatyCoinPayFloor is KatyCoin {
    address private immutable TREASURY;
    uint256 private immutable FEE_BPS;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(address treasury, uint256 feeBps) {
        TREASURY = treasury;
        FEE_BPS = feeBps;
    }

    /// @notice The two balance moves and KCPayments' event, with KCPayments.pay's calldata.
    function pay(address to, uint256 amount, bytes32 ref, string calldata memo) external {
        uint256 fee = (amount * FEE_BPS) / 10_000;
        emit IKCPayments.PaymentMade(msg.sender, to, ref, amount, fee, amount - fee, TREASURY, memo);

        _transfer(msg.sender, to, amount - fee);
        _transfer(msg.sender, TREASURY, fee);
    }
}
