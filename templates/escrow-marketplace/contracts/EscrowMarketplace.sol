// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {IKCEscrow} from "../../../contracts/payments/IKCEscrow.sol";
import {EscrowMarketplaceArbiter} from "./EscrowMarketplaceArbiter.sol";
import {IEscrowMarketplace} from "./IEscrowMarketplace.sol";

/**
 * @title EscrowMarketplace
 * @notice Listings paid into KCEscrow, released on delivery confirmation, disputes settled by an arbiter.
 * @dev The marketplace holds KC only between a seller's refund in KCEscrow and its {forwardRefund}; every other
 * movement passes through in one transaction. Not upgradeable on purpose (docs/decisions/0030).
 */
contract EscrowMarketplace is IEscrowMarketplace, Ownable2Step, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice KCEscrow, which holds every payment.
    IKCEscrow public immutable escrow;

    /// @notice The KC token, read from KCEscrow.
    IERC20 public immutable token;

    /// @notice The escrows' arbiter, deployed by this contract, which only this contract can command.
    EscrowMarketplaceArbiter public immutable arbiterRelay;

    /// @inheritdoc IEscrowMarketplace
    uint64 public immutable deliveryWindow;

    /// @inheritdoc IEscrowMarketplace
    address public arbiter;

    /// @inheritdoc IEscrowMarketplace
    uint256 public listingCount;

    mapping(uint256 listingId => Listing) private _listings;
    mapping(uint256 listingId => Purchase) private _purchases;

    /**
     * @param escrow_ KCEscrow (its proxy address).
     * @param arbiter_ Resolves disputes (a person or a multisig the marketplace trusts).
     * @param deliveryWindow_ Seconds from a purchase to its delivery deadline.
     * @param owner_ Replaces the arbiter.
     */
    constructor(IKCEscrow escrow_, address arbiter_, uint64 deliveryWindow_, address owner_) Ownable(owner_) {
        if (address(escrow_) == address(0)) revert EscrowMarketplaceZeroAddress("escrow");
        if (arbiter_ == address(0)) revert EscrowMarketplaceZeroAddress("arbiter");
        if (deliveryWindow_ == 0) revert EscrowMarketplaceZeroDeliveryWindow();

        escrow = escrow_;
        token = IERC20(address(escrow_.token()));
        arbiterRelay = new EscrowMarketplaceArbiter(escrow_);
        deliveryWindow = deliveryWindow_;
        arbiter = arbiter_;
        emit ArbiterChanged(address(0), arbiter_);
    }

    /// @inheritdoc IEscrowMarketplace
    function list(uint256 price, bytes32 metadata) external returns (uint256 listingId) {
        if (price == 0) revert EscrowMarketplaceZeroPrice();

        listingId = ++listingCount;
        _listings[listingId] = Listing({
            seller: msg.sender,
            status: ListingStatus.Active,
            price: price,
            metadata: metadata
        });
        emit ItemListed(listingId, msg.sender, price, metadata);
    }

    /// @inheritdoc IEscrowMarketplace
    function delist(uint256 listingId) external {
        Listing storage stored = _activeListing(listingId);
        if (msg.sender != stored.seller) revert EscrowMarketplaceNotSeller(listingId, msg.sender);

        stored.status = ListingStatus.Delisted;
        emit ItemDelisted(listingId);
    }

    /// @inheritdoc IEscrowMarketplace
    function purchase(uint256 listingId) external nonReentrant returns (uint256 escrowId) {
        Listing storage stored = _activeListing(listingId);
        address seller = stored.seller;
        if (msg.sender == seller) revert EscrowMarketplaceSellerCannotBuy(listingId);

        // KCEscrow numbers escrows 1, 2, 3...; the id is recorded before the call and checked after it.
        uint256 price = stored.price;
        uint64 deadline = uint64(block.timestamp) + deliveryWindow;
        escrowId = escrow.escrowCount() + 1;
        stored.status = ListingStatus.Sold;
        _purchases[listingId] = Purchase({buyer: msg.sender, refundForwarded: false, escrowId: escrowId});
        emit ItemPurchased(listingId, msg.sender, seller, escrowId, price, deadline);

        token.safeTransferFrom(msg.sender, address(this), price);
        token.forceApprove(address(escrow), price);
        uint256 created = escrow.create(seller, price, deadline, address(arbiterRelay), bytes32(listingId));
        if (created != escrowId) revert EscrowMarketplaceUnexpectedEscrowId(escrowId, created);
    }

    /// @inheritdoc IEscrowMarketplace
    function confirmDelivery(uint256 listingId) external nonReentrant {
        Purchase storage bought = _purchaseByBuyer(listingId);

        emit DeliveryConfirmed(listingId, msg.sender, bought.escrowId);

        escrow.release(bought.escrowId);
    }

    /// @inheritdoc IEscrowMarketplace
    function openDispute(uint256 listingId) external nonReentrant {
        Purchase storage bought = _purchaseByBuyer(listingId);

        emit DisputeOpened(listingId, msg.sender, bought.escrowId);

        escrow.dispute(bought.escrowId);
    }

    /// @inheritdoc IEscrowMarketplace
    function resolveDispute(uint256 listingId, uint256 toSeller) external nonReentrant {
        if (msg.sender != arbiter) revert EscrowMarketplaceNotArbiter(msg.sender);
        Purchase storage bought = _purchaseOf(listingId);
        uint256 amount = escrow.getEscrow(bought.escrowId).amount;
        // KCEscrow refuses toSeller > amount; the subtraction is only for the event and the transfer.
        uint256 toBuyer = toSeller <= amount ? amount - toSeller : 0;

        emit DisputeResolved(listingId, msg.sender, toSeller, toBuyer);

        arbiterRelay.settle(bought.escrowId, toSeller);
        if (toBuyer > 0) token.safeTransfer(bought.buyer, toBuyer);
    }

    /// @inheritdoc IEscrowMarketplace
    function reclaim(uint256 listingId) external nonReentrant {
        Purchase storage bought = _purchaseByBuyer(listingId);
        uint256 amount = escrow.getEscrow(bought.escrowId).amount;

        emit PaymentReturned(listingId, msg.sender, amount, IKCEscrow.EscrowStatus.Reclaimed);

        escrow.reclaim(bought.escrowId);
        token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IEscrowMarketplace
    function forwardRefund(uint256 listingId) external nonReentrant {
        Purchase storage bought = _purchaseOf(listingId);
        IKCEscrow.Escrow memory held = escrow.getEscrow(bought.escrowId);
        if (held.status != IKCEscrow.EscrowStatus.Refunded || bought.refundForwarded) {
            revert EscrowMarketplaceNothingToForward(listingId, held.status);
        }

        bought.refundForwarded = true;
        emit PaymentReturned(listingId, bought.buyer, held.amount, IKCEscrow.EscrowStatus.Refunded);

        token.safeTransfer(bought.buyer, held.amount);
    }

    /// @inheritdoc IEscrowMarketplace
    function setArbiter(address newArbiter) external onlyOwner {
        if (newArbiter == address(0)) revert EscrowMarketplaceZeroAddress("newArbiter");

        address previousArbiter = arbiter;
        arbiter = newArbiter;
        emit ArbiterChanged(previousArbiter, newArbiter);
    }

    /// @dev Disabled: without an owner, a lost arbiter key would leave every dispute open for good.
    function renounceOwnership() public view override onlyOwner {
        revert EscrowMarketplaceRenounceDisabled();
    }

    /// @inheritdoc IEscrowMarketplace
    function listing(uint256 listingId) external view returns (Listing memory) {
        return _listings[listingId];
    }

    /// @inheritdoc IEscrowMarketplace
    function purchaseOf(uint256 listingId) external view returns (Purchase memory) {
        return _purchases[listingId];
    }

    function _activeListing(uint256 listingId) private view returns (Listing storage stored) {
        stored = _listings[listingId];
        if (stored.status != ListingStatus.Active) revert EscrowMarketplaceListingNotActive(listingId, stored.status);
    }

    function _purchaseOf(uint256 listingId) private view returns (Purchase storage bought) {
        bought = _purchases[listingId];
        if (bought.buyer == address(0)) revert EscrowMarketplaceNotPurchased(listingId);
    }

    function _purchaseByBuyer(uint256 listingId) private view returns (Purchase storage bought) {
        bought = _purchaseOf(listingId);
        if (msg.sender != bought.buyer) revert EscrowMarketplaceNotBuyer(listingId, msg.sender);
    }
}
