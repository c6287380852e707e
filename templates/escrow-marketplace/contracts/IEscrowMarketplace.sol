// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKCEscrow} from "../../../contracts/payments/IKCEscrow.sol";

/**
 * @title IEscrowMarketplace
 * @notice A marketplace where a purchase is paid into KCEscrow: sellers list items; a buyer's payment is locked for
 * the seller until the buyer confirms delivery; before the delivery deadline the buyer may open a dispute, which
 * the marketplace's arbiter resolves by splitting the payment; after the deadline the buyer may take an
 * unconfirmed payment back; the seller may refund at any time while the escrow is open.
 * @dev The marketplace is the escrow's payer (it pulls the price from the buyer and creates the escrow), the seller
 * its payee, and an arbiter relay deployed by the marketplace its arbiter, so that every KC coming back to the
 * marketplace is forwarded to the buyer with a known amount. Events and errors are declared and documented here
 * once; the contract inherits the documentation.
 */
interface IEscrowMarketplace {
    /// @notice Where a listing stands.
    enum ListingStatus {
        None,
        Active,
        Sold,
        Delisted
    }

    /**
     * @notice A listing as stored.
     * @param seller Who lists the item and receives the payment.
     * @param status Where it stands.
     * @param price The KC price.
     * @param metadata The seller's reference to the item description (for example a content hash).
     */
    struct Listing {
        address seller;
        ListingStatus status;
        uint256 price;
        bytes32 metadata;
    }

    /**
     * @notice A purchase as stored.
     * @param buyer Who paid.
     * @param refundForwarded Whether a refund the seller made in KCEscrow was forwarded to the buyer.
     * @param escrowId The escrow in KCEscrow that holds the payment.
     */
    struct Purchase {
        address buyer;
        bool refundForwarded;
        uint256 escrowId;
    }

    /**
     * @notice A seller listed an item.
     * @param listingId The new listing's id (ids start at 1).
     * @param seller The seller.
     * @param price The KC price.
     * @param metadata The seller's reference to the item description.
     */
    event ItemListed(uint256 indexed listingId, address indexed seller, uint256 price, bytes32 metadata);

    /**
     * @notice A seller withdrew an unsold listing.
     * @param listingId The listing.
     */
    event ItemDelisted(uint256 indexed listingId);

    /**
     * @notice A buyer bought an item; the price is locked in KCEscrow.
     * @param listingId The listing.
     * @param buyer The buyer.
     * @param seller The seller.
     * @param escrowId The escrow holding the price.
     * @param price The KC locked.
     * @param deliveryDeadline Until then the buyer may dispute; from then on the buyer may reclaim.
     */
    event ItemPurchased(
        uint256 indexed listingId,
        address indexed buyer,
        address indexed seller,
        uint256 escrowId,
        uint256 price,
        uint64 deliveryDeadline
    );

    /**
     * @notice The buyer confirmed delivery; the seller was paid.
     * @param listingId The listing.
     * @param buyer The buyer.
     * @param escrowId The escrow that paid out.
     */
    event DeliveryConfirmed(uint256 indexed listingId, address indexed buyer, uint256 escrowId);

    /**
     * @notice The buyer opened a dispute; only the arbiter can settle it now.
     * @param listingId The listing.
     * @param buyer The buyer.
     * @param escrowId The disputed escrow.
     */
    event DisputeOpened(uint256 indexed listingId, address indexed buyer, uint256 escrowId);

    /**
     * @notice The arbiter resolved a dispute.
     * @param listingId The listing.
     * @param arbiter The arbiter.
     * @param toSeller The KC paid to the seller.
     * @param toBuyer The KC paid back to the buyer.
     */
    event DisputeResolved(uint256 indexed listingId, address indexed arbiter, uint256 toSeller, uint256 toBuyer);

    /**
     * @notice KC coming back from the escrow reached the buyer: reclaimed after the deadline, or refunded by the
     * seller.
     * @param listingId The listing.
     * @param buyer The buyer.
     * @param amount The KC paid back.
     * @param status The escrow's final status: `Reclaimed` or `Refunded`.
     */
    event PaymentReturned(
        uint256 indexed listingId,
        address indexed buyer,
        uint256 amount,
        IKCEscrow.EscrowStatus status
    );

    /**
     * @notice The owner replaced the arbiter.
     * @param previousArbiter The arbiter before.
     * @param newArbiter The arbiter after.
     */
    event ArbiterChanged(address indexed previousArbiter, address indexed newArbiter);

    /**
     * @notice An address that must be set was the zero address.
     * @param parameter The name of the parameter that was zero.
     */
    error EscrowMarketplaceZeroAddress(string parameter);

    /// @notice A listing's price must be positive.
    error EscrowMarketplaceZeroPrice();

    /// @notice The delivery window must be positive.
    error EscrowMarketplaceZeroDeliveryWindow();

    /**
     * @notice The listing is not for sale.
     * @param listingId The listing.
     * @param status Its status.
     */
    error EscrowMarketplaceListingNotActive(uint256 listingId, ListingStatus status);

    /**
     * @notice Only the listing's seller may do this.
     * @param listingId The listing.
     * @param caller Who tried.
     */
    error EscrowMarketplaceNotSeller(uint256 listingId, address caller);

    /**
     * @notice A seller cannot buy its own listing.
     * @param listingId The listing.
     */
    error EscrowMarketplaceSellerCannotBuy(uint256 listingId);

    /**
     * @notice The listing was never purchased.
     * @param listingId The listing.
     */
    error EscrowMarketplaceNotPurchased(uint256 listingId);

    /**
     * @notice Only the purchase's buyer may do this.
     * @param listingId The listing.
     * @param caller Who tried.
     */
    error EscrowMarketplaceNotBuyer(uint256 listingId, address caller);

    /**
     * @notice Only the arbiter may resolve disputes.
     * @param caller Who tried.
     */
    error EscrowMarketplaceNotArbiter(address caller);

    /**
     * @notice There is no seller refund to forward: the escrow was not refunded, or it was forwarded already.
     * @param listingId The listing.
     * @param status The escrow's status.
     */
    error EscrowMarketplaceNothingToForward(uint256 listingId, IKCEscrow.EscrowStatus status);

    /**
     * @notice KCEscrow returned another escrow id than the one recorded for the purchase.
     * @param expected The id recorded.
     * @param actual The id KCEscrow returned.
     */
    error EscrowMarketplaceUnexpectedEscrowId(uint256 expected, uint256 actual);

    /// @notice Renouncing ownership is disabled: nobody could replace a lost arbiter key.
    error EscrowMarketplaceRenounceDisabled();

    /**
     * @notice Lists an item for sale.
     * @dev Requirements: `price > 0`. Emits {ItemListed}.
     * @return listingId The new listing's id.
     */
    function list(uint256 price, bytes32 metadata) external returns (uint256 listingId);

    /**
     * @notice Withdraws an unsold listing.
     * @dev Requirements: the caller is the seller; the listing is active. Emits {ItemDelisted}.
     */
    function delist(uint256 listingId) external;

    /**
     * @notice Buys a listing: pulls its price from the caller and locks it in KCEscrow for the seller.
     * @dev Requirements: the listing is active; the caller is not the seller and approved this contract for the
     * price; KCEscrow is not paused. Emits {ItemPurchased} (and KCEscrow's `EscrowCreated`).
     * @return escrowId The escrow in KCEscrow holding the price.
     */
    function purchase(uint256 listingId) external returns (uint256 escrowId);

    /**
     * @notice The buyer confirms delivery: the escrow pays the seller.
     * @dev Requirements: the caller is the buyer; the escrow is open (KCEscrow's error otherwise).
     * Emits {DeliveryConfirmed} (and KCEscrow's `EscrowReleased`).
     */
    function confirmDelivery(uint256 listingId) external;

    /**
     * @notice The buyer disputes the purchase before the delivery deadline.
     * @dev Requirements: the caller is the buyer; the escrow is open and its deadline has not passed (KCEscrow's
     * errors otherwise). Emits {DisputeOpened} (and KCEscrow's `EscrowDisputed`). The seller disputes directly in
     * KCEscrow, as the escrow's payee.
     */
    function openDispute(uint256 listingId) external;

    /**
     * @notice The arbiter settles a disputed purchase: `toSeller` to the seller, the rest back to the buyer.
     * @dev Requirements: the caller is the arbiter; the escrow is disputed and `toSeller` at most its amount
     * (KCEscrow's errors otherwise). Emits {DisputeResolved} (and KCEscrow's `EscrowSettled`).
     */
    function resolveDispute(uint256 listingId, uint256 toSeller) external;

    /**
     * @notice The buyer takes an unconfirmed, undisputed payment back once the delivery deadline has passed.
     * @dev Requirements: the caller is the buyer; the escrow is open and its deadline has passed (KCEscrow's
     * errors otherwise). Emits {PaymentReturned} with status `Reclaimed`.
     */
    function reclaim(uint256 listingId) external;

    /**
     * @notice Forwards to the buyer a refund the seller made in KCEscrow (which pays the marketplace, the
     * escrow's payer). Anyone may call it; the KC always goes to the buyer.
     * @dev Requirements: the escrow's status is `Refunded`; not forwarded before. Emits {PaymentReturned} with
     * status `Refunded`.
     */
    function forwardRefund(uint256 listingId) external;

    /**
     * @notice Replaces the arbiter.
     * @dev Requirements: the caller is the owner; `newArbiter` is not zero. Emits {ArbiterChanged}. Disputes
     * already open are resolved by the new arbiter.
     */
    function setArbiter(address newArbiter) external;

    /// @notice The listing stored under `listingId` (status `None` if it does not exist).
    function listing(uint256 listingId) external view returns (Listing memory);

    /// @notice The purchase of `listingId` (zero buyer if it was not purchased).
    function purchaseOf(uint256 listingId) external view returns (Purchase memory);

    /// @notice How many listings exist; the latest has this id.
    function listingCount() external view returns (uint256);

    /// @notice Who resolves disputes.
    function arbiter() external view returns (address);

    /// @notice Seconds from a purchase to its delivery deadline.
    function deliveryWindow() external view returns (uint64);
}
