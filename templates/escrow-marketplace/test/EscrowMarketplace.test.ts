import { expect } from "chai";
import { network } from "hardhat";

import { deployKatyCoin, KC } from "../../../test/helpers/token.ts";
import type { EscrowMarketplace, KCEscrow } from "../../../types/typechain/index.ts";
import EscrowMarketplaceModule from "../ignition/EscrowMarketplace.ts";

const { ethers, ignition, networkHelpers } = await network.create();

const PRICE = 100n * KC;
const WINDOW = 14n * 24n * 3600n;
const ITEM = 1n;
const ESCROW = 1n;
const METADATA = ethers.id("ipfs://item-description");
const LISTING = { None: 0n, Active: 1n, Sold: 2n, Delisted: 3n };
const ESCROW_STATUS = {
  Open: 1n,
  Disputed: 2n,
  Released: 3n,
  Refunded: 4n,
  Reclaimed: 5n,
  Settled: 6n,
};

describe("EscrowMarketplace (template)", function () {
  async function deployFixture() {
    const [admin, owner, arbiter, seller, buyer, stranger] = await ethers.getSigners();
    const token = await deployKatyCoin(ethers, admin);

    // KCEscrow behind its proxy, as the toolkit deploys it.
    const implementation = await ethers.deployContract("KCEscrow");
    const init = implementation.interface.encodeFunctionData("initialize", [
      await token.getAddress(),
      admin.address,
    ]);
    const proxy = await ethers.deployContract("ERC1967Proxy", [
      await implementation.getAddress(),
      init,
    ]);
    const escrow = (await ethers.getContractAt(
      "KCEscrow",
      await proxy.getAddress(),
    )) as unknown as KCEscrow;

    const { escrowMarketplace } = await ignition.deploy(EscrowMarketplaceModule, {
      parameters: {
        EscrowMarketplaceModule: {
          escrow: await escrow.getAddress(),
          arbiter: arbiter.address,
          deliveryWindow: WINDOW,
          owner: owner.address,
        },
      },
    });
    const marketplace = (await ethers.getContractAt(
      "EscrowMarketplace",
      await escrowMarketplace.getAddress(),
    )) as unknown as EscrowMarketplace;
    const relay = await ethers.getContractAt(
      "EscrowMarketplaceArbiter",
      await marketplace.arbiterRelay(),
    );

    await token.mint(buyer.address, 1_000n * KC);
    await token.connect(buyer).approve(await marketplace.getAddress(), ethers.MaxUint256);
    await marketplace.connect(seller).list(PRICE, METADATA);

    return { token, escrow, marketplace, relay, owner, arbiter, seller, buyer, stranger };
  }

  async function purchasedFixture() {
    const fixture = await deployFixture();
    await fixture.marketplace.connect(fixture.buyer).purchase(ITEM);
    const deadline = (await fixture.escrow.getEscrow(ESCROW)).deadline;
    return { ...fixture, deadline };
  }

  describe("when deployed", function () {
    it("reads the token from KCEscrow and deploys its own arbiter relay", async function () {
      const { token, escrow, marketplace, relay, arbiter } =
        await networkHelpers.loadFixture(deployFixture);

      expect(await marketplace.token()).to.equal(await token.getAddress());
      expect(await marketplace.escrow()).to.equal(await escrow.getAddress());
      expect(await marketplace.arbiter()).to.equal(arbiter.address);
      expect(await marketplace.deliveryWindow()).to.equal(WINDOW);
      expect(await relay.marketplace()).to.equal(await marketplace.getAddress());
    });

    it("refuses a zero escrow, a zero arbiter and a zero delivery window", async function () {
      const { escrow, marketplace, owner } = await networkHelpers.loadFixture(deployFixture);
      const escrowAddress = await escrow.getAddress();
      const deploy = (args: unknown[]) => ethers.deployContract("EscrowMarketplace", args);

      await expect(deploy([ethers.ZeroAddress, owner.address, WINDOW, owner.address]))
        .to.be.revertedWithCustomError(marketplace, "EscrowMarketplaceZeroAddress")
        .withArgs("escrow");
      await expect(deploy([escrowAddress, ethers.ZeroAddress, WINDOW, owner.address]))
        .to.be.revertedWithCustomError(marketplace, "EscrowMarketplaceZeroAddress")
        .withArgs("arbiter");
      await expect(
        deploy([escrowAddress, owner.address, 0n, owner.address]),
      ).to.be.revertedWithCustomError(marketplace, "EscrowMarketplaceZeroDeliveryWindow");
    });
  });

  describe("when sellers list and delist", function () {
    it("stores the listing and emits ItemListed", async function () {
      const { marketplace, seller } = await networkHelpers.loadFixture(deployFixture);

      await expect(marketplace.connect(seller).list(5n * KC, METADATA))
        .to.emit(marketplace, "ItemListed")
        .withArgs(2n, seller.address, 5n * KC, METADATA);
      const stored = await marketplace.listing(2n);
      expect(stored.seller).to.equal(seller.address);
      expect(stored.status).to.equal(LISTING.Active);
      expect(stored.price).to.equal(5n * KC);
      expect(await marketplace.listingCount()).to.equal(2n);
    });

    it("refuses a zero price", async function () {
      const { marketplace, seller } = await networkHelpers.loadFixture(deployFixture);

      await expect(marketplace.connect(seller).list(0n, METADATA)).to.be.revertedWithCustomError(
        marketplace,
        "EscrowMarketplaceZeroPrice",
      );
    });

    it("lets only the seller delist, after which nobody can buy", async function () {
      const { marketplace, seller, buyer } = await networkHelpers.loadFixture(deployFixture);

      await expect(marketplace.connect(buyer).delist(ITEM))
        .to.be.revertedWithCustomError(marketplace, "EscrowMarketplaceNotSeller")
        .withArgs(ITEM, buyer.address);
      await expect(marketplace.connect(seller).delist(ITEM))
        .to.emit(marketplace, "ItemDelisted")
        .withArgs(ITEM);
      await expect(marketplace.connect(buyer).purchase(ITEM))
        .to.be.revertedWithCustomError(marketplace, "EscrowMarketplaceListingNotActive")
        .withArgs(ITEM, LISTING.Delisted);
    });
  });

  describe("when a buyer purchases", function () {
    it("locks the price in KCEscrow for the seller, with the relay as arbiter", async function () {
      const { token, escrow, marketplace, relay, seller, buyer } =
        await networkHelpers.loadFixture(deployFixture);
      const marketplaceAddress = await marketplace.getAddress();
      const deadline = BigInt(await networkHelpers.time.latest()) + 1n + WINDOW;

      const purchase = marketplace.connect(buyer).purchase(ITEM);

      await expect(purchase)
        .to.emit(marketplace, "ItemPurchased")
        .withArgs(ITEM, buyer.address, seller.address, ESCROW, PRICE, deadline);
      await expect(purchase)
        .to.emit(escrow, "EscrowCreated")
        .withArgs(
          ESCROW,
          marketplaceAddress,
          seller.address,
          await relay.getAddress(),
          PRICE,
          deadline,
          ethers.toBeHex(ITEM, 32),
        );
      expect(await token.balanceOf(await escrow.getAddress())).to.equal(PRICE);
      expect(await token.balanceOf(marketplaceAddress)).to.equal(0n);
      expect((await marketplace.listing(ITEM)).status).to.equal(LISTING.Sold);
      expect((await marketplace.purchaseOf(ITEM)).buyer).to.equal(buyer.address);
    });

    it("refuses a sold listing, an unknown one, and the seller's own", async function () {
      const { marketplace, seller, stranger } = await networkHelpers.loadFixture(purchasedFixture);
      await marketplace.connect(seller).list(PRICE, METADATA);

      await expect(marketplace.connect(stranger).purchase(ITEM))
        .to.be.revertedWithCustomError(marketplace, "EscrowMarketplaceListingNotActive")
        .withArgs(ITEM, LISTING.Sold);
      await expect(marketplace.connect(stranger).purchase(99n))
        .to.be.revertedWithCustomError(marketplace, "EscrowMarketplaceListingNotActive")
        .withArgs(99n, LISTING.None);
      await expect(marketplace.connect(seller).purchase(2n))
        .to.be.revertedWithCustomError(marketplace, "EscrowMarketplaceSellerCannotBuy")
        .withArgs(2n);
    });
  });

  describe("when the buyer confirms delivery", function () {
    it("pays the seller and emits DeliveryConfirmed", async function () {
      const { token, escrow, marketplace, seller, buyer } =
        await networkHelpers.loadFixture(purchasedFixture);

      await expect(marketplace.connect(buyer).confirmDelivery(ITEM))
        .to.emit(marketplace, "DeliveryConfirmed")
        .withArgs(ITEM, buyer.address, ESCROW);
      expect(await token.balanceOf(seller.address)).to.equal(PRICE);
      expect((await escrow.getEscrow(ESCROW)).status).to.equal(ESCROW_STATUS.Released);

      await expect(marketplace.connect(buyer).confirmDelivery(ITEM))
        .to.be.revertedWithCustomError(escrow, "KCEscrowNotOpen")
        .withArgs(ESCROW, ESCROW_STATUS.Released);
    });

    it("refuses anyone but the buyer, and an item never bought", async function () {
      const { marketplace, seller, stranger } = await networkHelpers.loadFixture(purchasedFixture);
      await marketplace.connect(seller).list(PRICE, METADATA);

      await expect(marketplace.connect(stranger).confirmDelivery(ITEM))
        .to.be.revertedWithCustomError(marketplace, "EscrowMarketplaceNotBuyer")
        .withArgs(ITEM, stranger.address);
      await expect(marketplace.connect(stranger).confirmDelivery(2n))
        .to.be.revertedWithCustomError(marketplace, "EscrowMarketplaceNotPurchased")
        .withArgs(2n);
    });
  });

  describe("when a purchase is disputed", function () {
    it("lets the arbiter split the payment between seller and buyer", async function () {
      const { token, escrow, marketplace, arbiter, seller, buyer } =
        await networkHelpers.loadFixture(purchasedFixture);
      const buyerBefore = await token.balanceOf(buyer.address);

      await expect(marketplace.connect(buyer).openDispute(ITEM))
        .to.emit(marketplace, "DisputeOpened")
        .withArgs(ITEM, buyer.address, ESCROW);
      await expect(marketplace.connect(arbiter).resolveDispute(ITEM, 30n * KC))
        .to.emit(marketplace, "DisputeResolved")
        .withArgs(ITEM, arbiter.address, 30n * KC, 70n * KC);

      expect(await token.balanceOf(seller.address)).to.equal(30n * KC);
      expect(await token.balanceOf(buyer.address)).to.equal(buyerBefore + 70n * KC);
      expect(await token.balanceOf(await marketplace.getAddress())).to.equal(0n);
      expect((await escrow.getEscrow(ESCROW)).status).to.equal(ESCROW_STATUS.Settled);
    });

    it("also settles a dispute the seller opened in KCEscrow", async function () {
      const { token, escrow, marketplace, arbiter, seller } =
        await networkHelpers.loadFixture(purchasedFixture);
      await escrow.connect(seller).dispute(ESCROW);

      await marketplace.connect(arbiter).resolveDispute(ITEM, PRICE);

      expect(await token.balanceOf(seller.address)).to.equal(PRICE);
    });

    it("refuses anyone but the arbiter, an undisputed escrow, and too much", async function () {
      const { escrow, marketplace, relay, arbiter, buyer, stranger } =
        await networkHelpers.loadFixture(purchasedFixture);

      await expect(marketplace.connect(stranger).resolveDispute(ITEM, 0n))
        .to.be.revertedWithCustomError(marketplace, "EscrowMarketplaceNotArbiter")
        .withArgs(stranger.address);
      await expect(marketplace.connect(arbiter).resolveDispute(ITEM, 0n))
        .to.be.revertedWithCustomError(escrow, "KCEscrowNotDisputed")
        .withArgs(ESCROW, ESCROW_STATUS.Open);

      await marketplace.connect(buyer).openDispute(ITEM);
      await expect(marketplace.connect(arbiter).resolveDispute(ITEM, PRICE + 1n))
        .to.be.revertedWithCustomError(escrow, "KCEscrowSettlementTooLarge")
        .withArgs(ESCROW, PRICE + 1n, PRICE);
      await expect(relay.connect(arbiter).settle(ESCROW, 0n))
        .to.be.revertedWithCustomError(relay, "EscrowMarketplaceArbiterUnauthorized")
        .withArgs(arbiter.address);
    });
  });

  describe("when the payment goes back to the buyer", function () {
    it("lets the buyer reclaim only after the delivery deadline", async function () {
      const { token, escrow, marketplace, buyer, deadline } =
        await networkHelpers.loadFixture(purchasedFixture);
      const before = await token.balanceOf(buyer.address);

      await networkHelpers.time.setNextBlockTimestamp(deadline - 1n);
      await expect(marketplace.connect(buyer).reclaim(ITEM))
        .to.be.revertedWithCustomError(escrow, "KCEscrowDeadlineNotReached")
        .withArgs(ESCROW, deadline, deadline - 1n);

      await networkHelpers.time.setNextBlockTimestamp(deadline);
      await expect(marketplace.connect(buyer).reclaim(ITEM))
        .to.emit(marketplace, "PaymentReturned")
        .withArgs(ITEM, buyer.address, PRICE, ESCROW_STATUS.Reclaimed);
      expect(await token.balanceOf(buyer.address)).to.equal(before + PRICE);
    });

    it("forwards a seller's refund to the buyer once, whoever asks", async function () {
      const { token, escrow, marketplace, seller, buyer, stranger } =
        await networkHelpers.loadFixture(purchasedFixture);
      const before = await token.balanceOf(buyer.address);

      await expect(marketplace.connect(stranger).forwardRefund(ITEM))
        .to.be.revertedWithCustomError(marketplace, "EscrowMarketplaceNothingToForward")
        .withArgs(ITEM, ESCROW_STATUS.Open);

      await escrow.connect(seller).refund(ESCROW);
      expect(await token.balanceOf(await marketplace.getAddress())).to.equal(PRICE);

      await expect(marketplace.connect(stranger).forwardRefund(ITEM))
        .to.emit(marketplace, "PaymentReturned")
        .withArgs(ITEM, buyer.address, PRICE, ESCROW_STATUS.Refunded);
      expect(await token.balanceOf(buyer.address)).to.equal(before + PRICE);

      await expect(marketplace.connect(stranger).forwardRefund(ITEM))
        .to.be.revertedWithCustomError(marketplace, "EscrowMarketplaceNothingToForward")
        .withArgs(ITEM, ESCROW_STATUS.Refunded);
    });
  });

  describe("when the owner replaces the arbiter", function () {
    it("hands disputes to the new arbiter and emits ArbiterChanged", async function () {
      const { marketplace, owner, arbiter, buyer, stranger } =
        await networkHelpers.loadFixture(purchasedFixture);
      await marketplace.connect(buyer).openDispute(ITEM);

      await expect(marketplace.connect(owner).setArbiter(stranger.address))
        .to.emit(marketplace, "ArbiterChanged")
        .withArgs(arbiter.address, stranger.address);
      await expect(marketplace.connect(arbiter).resolveDispute(ITEM, 0n))
        .to.be.revertedWithCustomError(marketplace, "EscrowMarketplaceNotArbiter")
        .withArgs(arbiter.address);
      await expect(marketplace.connect(stranger).resolveDispute(ITEM, 0n)).to.emit(
        marketplace,
        "DisputeResolved",
      );
    });

    it("refuses anyone but the owner, a zero arbiter, and renouncing", async function () {
      const { marketplace, owner, stranger } = await networkHelpers.loadFixture(deployFixture);

      await expect(marketplace.connect(stranger).setArbiter(stranger.address))
        .to.be.revertedWithCustomError(marketplace, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
      await expect(marketplace.connect(owner).setArbiter(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(marketplace, "EscrowMarketplaceZeroAddress")
        .withArgs("newArbiter");
      await expect(marketplace.connect(owner).renounceOwnership()).to.be.revertedWithCustomError(
        marketplace,
        "EscrowMarketplaceRenounceDisabled",
      );
    });
  });
});
