// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKCEscrow} from "../../../contracts/payments/IKCEscrow.sol";

/**
 * @notice Only the marketplace that deployed the relay may call it.
 * @param caller Who tried.
 */
error EscrowMarketplaceArbiterUnauthorized(address caller);

/**
 * @title EscrowMarketplaceArbiter
 * @notice The arbiter of every escrow the marketplace creates. It does one thing: settle, when the marketplace
 * tells it to.
 * @dev KCEscrow needs payer, payee and arbiter to be three different accounts, and the marketplace is the payer.
 * Routing settlements through the marketplace lets it know the buyer's share and forward it in the same call.
 */
contract EscrowMarketplaceArbiter {
    /// @notice The marketplace that deployed the relay; the only caller it obeys.
    address public immutable marketplace;

    /// @notice KCEscrow.
    IKCEscrow public immutable escrow;

    /// @param escrow_ KCEscrow.
    constructor(IKCEscrow escrow_) {
        marketplace = msg.sender;
        escrow = escrow_;
    }

    /**
     * @notice Settles a disputed escrow: `toPayee` to the seller, the rest to the marketplace.
     * @dev Requirements: the caller is the marketplace; KCEscrow's own requirements for `settle`.
     */
    function settle(uint256 escrowId, uint256 toPayee) external {
        if (msg.sender != marketplace) revert EscrowMarketplaceArbiterUnauthorized(msg.sender);

        escrow.settle(escrowId, toPayee);
    }
}
