// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {IKCEscrow} from "../../../contracts/payments/IKCEscrow.sol";
import {KCEscrow} from "../../../contracts/payments/KCEscrow.sol";
import {KatyCoin} from "../../../contracts/token/KatyCoin.sol";
import {KCTest} from "../../../test/lib/KCTest.sol";
import {EscrowMarketplace} from "../contracts/EscrowMarketplace.sol";
import {IEscrowMarketplace} from "../contracts/IEscrowMarketplace.sol";

/// @notice Drives random listings, purchases and every way out of an escrow through the marketplace.
contract EscrowMarketplaceHandler is KCTest {
    KatyCoin public immutable token;
    KCEscrow public immutable escrow;
    EscrowMarketplace public immutable marketplace;
    address public immutable arbiter;

    address[] private _actors;

    constructor(KatyCoin token_, KCEscrow escrow_, EscrowMarketplace marketplace_, address arbiter_) {
        token = token_;
        escrow = escrow_;
        marketplace = marketplace_;
        arbiter = arbiter_;
        for (uint256 i = 1; i <= 4; i++) _actors.push(address(uint160(0xAC7000 + i)));
    }

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function list(uint256 sellerSeed, uint256 price) external {
        vm.prank(_actor(sellerSeed));
        marketplace.list(bound(price, 1, 10_000e18), bytes32(price));
    }

    function purchase(uint256 listingSeed, uint256 buyerSeed) external {
        uint256 listingId = _listingId(listingSeed);
        if (listingId == 0) return;
        IEscrowMarketplace.Listing memory listed = marketplace.listing(listingId);
        address buyer = _actor(buyerSeed);
        if (buyer == listed.seller) buyer = _actor((buyerSeed % _actors.length) + 1);
        bool forSale = listed.status == IEscrowMarketplace.ListingStatus.Active;
        if (!forSale || token.balanceOf(buyer) < listed.price) return;

        vm.prank(buyer);
        marketplace.purchase(listingId);
    }

    function confirmDelivery(uint256 listingSeed) external {
        (uint256 listingId, address buyer, IKCEscrow.Escrow memory held) = _purchased(listingSeed);
        if (buyer == address(0) || held.status != IKCEscrow.EscrowStatus.Open) return;

        vm.prank(buyer);
        marketplace.confirmDelivery(listingId);
    }

    function openDispute(uint256 listingSeed) external {
        (uint256 listingId, address buyer, IKCEscrow.Escrow memory held) = _purchased(listingSeed);
        if (buyer == address(0) || held.status != IKCEscrow.EscrowStatus.Open) return;
        if (block.timestamp >= held.deadline) return;

        vm.prank(buyer);
        marketplace.openDispute(listingId);
    }

    function resolveDispute(uint256 listingSeed, uint256 toSeller) external {
        (uint256 listingId, address buyer, IKCEscrow.Escrow memory held) = _purchased(listingSeed);
        if (buyer == address(0) || held.status != IKCEscrow.EscrowStatus.Disputed) return;
        toSeller = bound(toSeller, 0, held.amount);

        vm.prank(arbiter);
        marketplace.resolveDispute(listingId, toSeller);
    }

    function sellerRefunds(uint256 listingSeed) external {
        (uint256 listingId, address buyer, IKCEscrow.Escrow memory held) = _purchased(listingSeed);
        if (buyer == address(0) || held.status != IKCEscrow.EscrowStatus.Open) return;
        uint256 escrowId = marketplace.purchaseOf(listingId).escrowId;

        vm.prank(held.payee);
        escrow.refund(escrowId);
    }

    function forwardRefund(uint256 listingSeed) external {
        (uint256 listingId, address buyer, IKCEscrow.Escrow memory held) = _purchased(listingSeed);
        if (buyer == address(0) || held.status != IKCEscrow.EscrowStatus.Refunded) return;
        if (marketplace.purchaseOf(listingId).refundForwarded) return;

        marketplace.forwardRefund(listingId);
    }

    function reclaim(uint256 listingSeed) external {
        (uint256 listingId, address buyer, IKCEscrow.Escrow memory held) = _purchased(listingSeed);
        if (buyer == address(0) || held.status != IKCEscrow.EscrowStatus.Open) return;
        if (block.timestamp < held.deadline) return;

        vm.prank(buyer);
        marketplace.reclaim(listingId);
    }

    function passTime(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 10 days));
    }

    function _actor(uint256 seed) private view returns (address) {
        return _actors[seed % _actors.length];
    }

    /// @dev A listing picked by `seed`, its buyer (zero if not bought) and its escrow.
    function _purchased(
        uint256 seed
    ) private view returns (uint256 listingId, address buyer, IKCEscrow.Escrow memory held) {
        listingId = _listingId(seed);
        if (listingId == 0) return (0, address(0), held);
        IEscrowMarketplace.Purchase memory bought = marketplace.purchaseOf(listingId);
        if (bought.buyer == address(0)) return (listingId, address(0), held);
        return (listingId, bought.buyer, escrow.getEscrow(bought.escrowId));
    }

    function _listingId(uint256 seed) private view returns (uint256) {
        uint256 count = marketplace.listingCount();
        return count == 0 ? 0 : 1 + (seed % count);
    }
}

/// @notice Invariants of the marketplace's money over random sequences of every operation.
contract EscrowMarketplaceInvariantTest is KCTest {
    address private constant ADMIN = address(0xA11CE);
    address private constant ARBITER = address(0xA4B);
    uint256 private constant MINTED_EACH = 1_000_000e18;

    KatyCoin private token;
    KCEscrow private escrow;
    EscrowMarketplace private marketplace;
    EscrowMarketplaceHandler private handler;

    function setUp() public {
        KatyCoin tokenImplementation = new KatyCoin();
        bytes memory tokenInit = abi.encodeCall(KatyCoin.initialize, (ADMIN, 1_000_000_000e18));
        token = KatyCoin(address(new ERC1967Proxy(address(tokenImplementation), tokenInit)));

        KCEscrow escrowImplementation = new KCEscrow();
        bytes memory escrowInit = abi.encodeCall(KCEscrow.initialize, (address(token), ADMIN));
        escrow = KCEscrow(address(new ERC1967Proxy(address(escrowImplementation), escrowInit)));

        marketplace = new EscrowMarketplace(escrow, ARBITER, 7 days, ADMIN);
        handler = new EscrowMarketplaceHandler(token, escrow, marketplace, ARBITER);

        address[] memory actors = handler.actors();
        for (uint256 i = 0; i < actors.length; i++) {
            vm.prank(ADMIN);
            token.mint(actors[i], MINTED_EACH);
            vm.prank(actors[i]);
            token.approve(address(marketplace), type(uint256).max);
        }
        targetContract(address(handler));
    }

    /// @dev The marketplace holds exactly the seller refunds that were not forwarded yet.
    function invariant_MarketplaceHoldsOnlyUnforwardedRefunds() public view {
        uint256 pending;
        uint256 count = marketplace.listingCount();
        for (uint256 listingId = 1; listingId <= count; listingId++) {
            IEscrowMarketplace.Purchase memory bought = marketplace.purchaseOf(listingId);
            if (bought.buyer == address(0) || bought.refundForwarded) continue;
            IKCEscrow.Escrow memory held = escrow.getEscrow(bought.escrowId);
            if (held.status == IKCEscrow.EscrowStatus.Refunded) pending += held.amount;
        }
        vm.assertEq(token.balanceOf(address(marketplace)), pending, "marketplace balance");
    }

    /// @dev KC is neither created nor lost: the actors, the escrow and the marketplace hold all of it.
    function invariant_KcIsConserved() public view {
        address[] memory actors = handler.actors();
        uint256 sum = token.balanceOf(address(escrow)) + token.balanceOf(address(marketplace));
        for (uint256 i = 0; i < actors.length; i++) sum += token.balanceOf(actors[i]);
        vm.assertEq(sum, MINTED_EACH * actors.length, "KC conserved");
    }

    /// @dev Exactly the sold listings have a purchase, and no seller bought its own item.
    function invariant_EachSoldListingHasOneBuyer() public view {
        uint256 count = marketplace.listingCount();
        for (uint256 listingId = 1; listingId <= count; listingId++) {
            IEscrowMarketplace.Listing memory listed = marketplace.listing(listingId);
            address buyer = marketplace.purchaseOf(listingId).buyer;
            bool sold = listed.status == IEscrowMarketplace.ListingStatus.Sold;
            vm.assertEq(buyer != address(0), sold, "a purchase exactly for sold listings");
            if (sold) vm.assertTrue(buyer != listed.seller, "seller never buys its own item");
        }
    }
}
