import { expect } from "chai";
import type { Signer } from "ethers";
import { network } from "hardhat";

import { deployKatyCoin, KC } from "../../../test/helpers/token.ts";
import type { MerchantCheckout } from "../../../types/typechain/index.ts";
import MerchantCheckoutModule from "../ignition/MerchantCheckout.ts";

const { ethers, ignition, networkHelpers } = await network.create();

const ORDER_ID = ethers.id("order-1001");
const PRICE = 250n * KC;
const STATUS = { None: 0n, Paid: 1n, PartiallyRefunded: 2n, Refunded: 3n };

const QUOTE_TYPES = {
  Quote: [
    { name: "orderId", type: "bytes32" },
    { name: "buyer", type: "address" },
    { name: "amount", type: "uint256" },
    { name: "expiresAt", type: "uint64" },
  ],
};

interface Quote {
  orderId: string;
  buyer: string;
  amount: bigint;
  expiresAt: bigint;
}

describe("MerchantCheckout (template)", function () {
  async function deployFixture() {
    const [admin, merchant, quoteSigner, buyer, stranger] = await ethers.getSigners();
    const token = await deployKatyCoin(ethers, admin);
    await token.mint(buyer.address, 10_000n * KC);
    await token.mint(stranger.address, 10_000n * KC);

    const { merchantCheckout } = await ignition.deploy(MerchantCheckoutModule, {
      parameters: {
        MerchantCheckoutModule: {
          token: await token.getAddress(),
          merchant: merchant.address,
          quoteSigner: quoteSigner.address,
        },
      },
    });
    const address = await merchantCheckout.getAddress();
    const checkout = (await ethers.getContractAt("MerchantCheckout", address)) as MerchantCheckout;
    await token.connect(buyer).approve(address, ethers.MaxUint256);

    return { token, checkout, admin, merchant, quoteSigner, buyer, stranger };
  }

  async function signQuote(checkout: MerchantCheckout, signer: Signer, quote: Quote) {
    const domain = {
      name: "MerchantCheckout",
      version: "1",
      chainId: (await ethers.provider.getNetwork()).chainId,
      verifyingContract: await checkout.getAddress(),
    };
    return signer.signTypedData(domain, QUOTE_TYPES, quote);
  }

  async function quoteFor(buyer: Signer, overrides: Partial<Quote> = {}): Promise<Quote> {
    const now = BigInt(await networkHelpers.time.latest());
    return {
      orderId: ORDER_ID,
      buyer: await buyer.getAddress(),
      amount: PRICE,
      expiresAt: now + 3600n,
      ...overrides,
    };
  }

  async function paidFixture() {
    const fixture = await deployFixture();
    const quote = await quoteFor(fixture.buyer);
    const signature = await signQuote(fixture.checkout, fixture.quoteSigner, quote);
    await fixture.checkout.connect(fixture.buyer).pay(quote, signature);
    return { ...fixture, quote };
  }

  describe("when deployed", function () {
    it("records the token, the merchant and the quote signer", async function () {
      const { token, checkout, merchant, quoteSigner } =
        await networkHelpers.loadFixture(deployFixture);

      expect(await checkout.token()).to.equal(await token.getAddress());
      expect(await checkout.owner()).to.equal(merchant.address);
      expect(await checkout.quoteSigner()).to.equal(quoteSigner.address);
    });

    it("refuses a zero token or quote signer", async function () {
      const { token, checkout, merchant } = await networkHelpers.loadFixture(deployFixture);
      const tokenAddress = await token.getAddress();

      await expect(
        ethers.deployContract("MerchantCheckout", [ethers.ZeroAddress, merchant, merchant]),
      )
        .to.be.revertedWithCustomError(checkout, "MerchantCheckoutZeroAddress")
        .withArgs("token");
      await expect(
        ethers.deployContract("MerchantCheckout", [tokenAddress, merchant, ethers.ZeroAddress]),
      )
        .to.be.revertedWithCustomError(checkout, "MerchantCheckoutZeroAddress")
        .withArgs("quoteSigner");
    });
  });

  describe("when a buyer pays a signed quote", function () {
    it("stores the order, moves the KC and emits OrderPaid", async function () {
      const { token, checkout, quoteSigner, buyer } =
        await networkHelpers.loadFixture(deployFixture);
      const quote = await quoteFor(buyer);
      const signature = await signQuote(checkout, quoteSigner, quote);

      await expect(checkout.connect(buyer).pay(quote, signature))
        .to.emit(checkout, "OrderPaid")
        .withArgs(ORDER_ID, buyer.address, PRICE);

      const order = await checkout.order(ORDER_ID);
      expect(order.buyer).to.equal(buyer.address);
      expect(order.status).to.equal(STATUS.Paid);
      expect(order.amount).to.equal(PRICE);
      expect(order.paidAt).to.equal(BigInt(await networkHelpers.time.latest()));
      expect(await token.balanceOf(await checkout.getAddress())).to.equal(PRICE);
      expect(await checkout.totalPaid()).to.equal(PRICE);
    });

    it("accepts a quote paid in the very second it expires", async function () {
      const { checkout, quoteSigner, buyer } = await networkHelpers.loadFixture(deployFixture);
      const quote = await quoteFor(buyer);
      const signature = await signQuote(checkout, quoteSigner, quote);
      await networkHelpers.time.setNextBlockTimestamp(quote.expiresAt);

      await expect(checkout.connect(buyer).pay(quote, signature)).to.emit(checkout, "OrderPaid");
    });

    it("pays with a permit instead of an approval", async function () {
      const { token, checkout, quoteSigner, stranger } =
        await networkHelpers.loadFixture(deployFixture);
      const quote = await quoteFor(stranger);
      const signature = await signQuote(checkout, quoteSigner, quote);
      const permit = await signPermit(token, stranger, await checkout.getAddress(), PRICE);

      await expect(
        checkout
          .connect(stranger)
          .payWithPermit(quote, signature, permit.deadline, permit.v, permit.r, permit.s),
      )
        .to.emit(checkout, "OrderPaid")
        .withArgs(ORDER_ID, stranger.address, PRICE);
    });

    it("still pays when someone used the permit first", async function () {
      const { token, checkout, quoteSigner, stranger } =
        await networkHelpers.loadFixture(deployFixture);
      const quote = await quoteFor(stranger);
      const signature = await signQuote(checkout, quoteSigner, quote);
      const checkoutAddress = await checkout.getAddress();
      const permit = await signPermit(token, stranger, checkoutAddress, PRICE);
      await token.permit(
        stranger.address,
        checkoutAddress,
        PRICE,
        permit.deadline,
        permit.v,
        permit.r,
        permit.s,
      );

      await expect(
        checkout
          .connect(stranger)
          .payWithPermit(quote, signature, permit.deadline, permit.v, permit.r, permit.s),
      ).to.emit(checkout, "OrderPaid");
    });
  });

  describe("when a payment is not acceptable", function () {
    it("refuses an order id that was paid before", async function () {
      const { checkout, quoteSigner, buyer } = await networkHelpers.loadFixture(paidFixture);
      const again = await quoteFor(buyer);
      const signature = await signQuote(checkout, quoteSigner, again);

      await expect(checkout.connect(buyer).pay(again, signature))
        .to.be.revertedWithCustomError(checkout, "MerchantCheckoutOrderAlreadyPaid")
        .withArgs(ORDER_ID);
    });

    it("refuses a caller who is not the quote's buyer", async function () {
      const { checkout, quoteSigner, buyer, stranger } =
        await networkHelpers.loadFixture(deployFixture);
      const quote = await quoteFor(buyer);
      const signature = await signQuote(checkout, quoteSigner, quote);

      await expect(checkout.connect(stranger).pay(quote, signature))
        .to.be.revertedWithCustomError(checkout, "MerchantCheckoutWrongBuyer")
        .withArgs(ORDER_ID, buyer.address, stranger.address);
    });

    it("refuses an expired quote", async function () {
      const { checkout, quoteSigner, buyer } = await networkHelpers.loadFixture(deployFixture);
      const quote = await quoteFor(buyer);
      const signature = await signQuote(checkout, quoteSigner, quote);
      await networkHelpers.time.setNextBlockTimestamp(quote.expiresAt + 1n);

      await expect(checkout.connect(buyer).pay(quote, signature))
        .to.be.revertedWithCustomError(checkout, "MerchantCheckoutQuoteExpired")
        .withArgs(ORDER_ID, quote.expiresAt, quote.expiresAt + 1n);
    });

    it("refuses a quote signed by anyone but the quote signer", async function () {
      const { checkout, quoteSigner, buyer } = await networkHelpers.loadFixture(deployFixture);
      const quote = await quoteFor(buyer);
      const forged = await signQuote(checkout, buyer, quote);

      await expect(checkout.connect(buyer).pay(quote, forged))
        .to.be.revertedWithCustomError(checkout, "MerchantCheckoutInvalidQuoteSignature")
        .withArgs(ORDER_ID, quoteSigner.address);
    });

    it("refuses a signed quote whose amount was changed", async function () {
      const { checkout, quoteSigner, buyer } = await networkHelpers.loadFixture(deployFixture);
      const quote = await quoteFor(buyer);
      const signature = await signQuote(checkout, quoteSigner, quote);

      await expect(checkout.connect(buyer).pay({ ...quote, amount: 1n }, signature))
        .to.be.revertedWithCustomError(checkout, "MerchantCheckoutInvalidQuoteSignature")
        .withArgs(ORDER_ID, quoteSigner.address);
    });

    it("refuses a zero amount", async function () {
      const { checkout, quoteSigner, buyer } = await networkHelpers.loadFixture(deployFixture);
      const quote = await quoteFor(buyer, { amount: 0n });
      const signature = await signQuote(checkout, quoteSigner, quote);

      await expect(checkout.connect(buyer).pay(quote, signature)).to.be.revertedWithCustomError(
        checkout,
        "MerchantCheckoutZeroAmount",
      );
    });

    it("refuses quotes of a replaced signer", async function () {
      const { checkout, merchant, quoteSigner, buyer, stranger } =
        await networkHelpers.loadFixture(deployFixture);
      const quote = await quoteFor(buyer);
      const signature = await signQuote(checkout, quoteSigner, quote);

      await expect(checkout.connect(merchant).setQuoteSigner(stranger.address))
        .to.emit(checkout, "QuoteSignerChanged")
        .withArgs(quoteSigner.address, stranger.address);

      await expect(checkout.connect(buyer).pay(quote, signature))
        .to.be.revertedWithCustomError(checkout, "MerchantCheckoutInvalidQuoteSignature")
        .withArgs(ORDER_ID, stranger.address);
    });
  });

  describe("when the merchant refunds", function () {
    it("refunds part, then the rest, and tracks the status", async function () {
      const { token, checkout, merchant, buyer } = await networkHelpers.loadFixture(paidFixture);
      const before = await token.balanceOf(buyer.address);

      await expect(checkout.connect(merchant).refund(ORDER_ID, 100n * KC))
        .to.emit(checkout, "OrderRefunded")
        .withArgs(ORDER_ID, buyer.address, 100n * KC, 100n * KC);
      expect((await checkout.order(ORDER_ID)).status).to.equal(STATUS.PartiallyRefunded);

      await expect(checkout.connect(merchant).refund(ORDER_ID, 150n * KC))
        .to.emit(checkout, "OrderRefunded")
        .withArgs(ORDER_ID, buyer.address, 150n * KC, PRICE);

      const order = await checkout.order(ORDER_ID);
      expect(order.status).to.equal(STATUS.Refunded);
      expect(order.refunded).to.equal(PRICE);
      expect(await token.balanceOf(buyer.address)).to.equal(before + PRICE);
      expect(await checkout.totalRefunded()).to.equal(PRICE);
    });

    it("refuses more than is left to refund", async function () {
      const { checkout, merchant } = await networkHelpers.loadFixture(paidFixture);
      await checkout.connect(merchant).refund(ORDER_ID, 200n * KC);

      await expect(checkout.connect(merchant).refund(ORDER_ID, 51n * KC))
        .to.be.revertedWithCustomError(checkout, "MerchantCheckoutRefundTooLarge")
        .withArgs(ORDER_ID, 51n * KC, 50n * KC);
    });

    it("refuses an order that was never paid, and a zero refund", async function () {
      const { checkout, merchant } = await networkHelpers.loadFixture(paidFixture);
      const unknown = ethers.id("order-404");

      await expect(checkout.connect(merchant).refund(unknown, 1n))
        .to.be.revertedWithCustomError(checkout, "MerchantCheckoutOrderNotPaid")
        .withArgs(unknown);
      await expect(checkout.connect(merchant).refund(ORDER_ID, 0n)).to.be.revertedWithCustomError(
        checkout,
        "MerchantCheckoutZeroAmount",
      );
    });

    it("refuses a refund the checkout cannot cover after a withdrawal", async function () {
      const { checkout, merchant } = await networkHelpers.loadFixture(paidFixture);
      await checkout.connect(merchant).withdraw(merchant.address, 200n * KC);

      await expect(checkout.connect(merchant).refund(ORDER_ID, 60n * KC))
        .to.be.revertedWithCustomError(checkout, "MerchantCheckoutInsufficientBalance")
        .withArgs(60n * KC, 50n * KC);
    });

    it("refuses a refund by anyone but the merchant", async function () {
      const { checkout, buyer } = await networkHelpers.loadFixture(paidFixture);

      await expect(checkout.connect(buyer).refund(ORDER_ID, 1n))
        .to.be.revertedWithCustomError(checkout, "OwnableUnauthorizedAccount")
        .withArgs(buyer.address);
    });
  });

  describe("when the merchant withdraws", function () {
    it("sends the takings and emits TakingsWithdrawn", async function () {
      const { token, checkout, merchant } = await networkHelpers.loadFixture(paidFixture);

      await expect(checkout.connect(merchant).withdraw(merchant.address, PRICE))
        .to.emit(checkout, "TakingsWithdrawn")
        .withArgs(merchant.address, PRICE);
      expect(await token.balanceOf(merchant.address)).to.equal(PRICE);
      expect(await checkout.totalWithdrawn()).to.equal(PRICE);
    });

    it("refuses more than the balance, a zero amount and a zero recipient", async function () {
      const { checkout, merchant } = await networkHelpers.loadFixture(paidFixture);

      await expect(checkout.connect(merchant).withdraw(merchant.address, PRICE + 1n))
        .to.be.revertedWithCustomError(checkout, "MerchantCheckoutInsufficientBalance")
        .withArgs(PRICE + 1n, PRICE);
      await expect(
        checkout.connect(merchant).withdraw(merchant.address, 0n),
      ).to.be.revertedWithCustomError(checkout, "MerchantCheckoutZeroAmount");
      await expect(checkout.connect(merchant).withdraw(ethers.ZeroAddress, 1n))
        .to.be.revertedWithCustomError(checkout, "MerchantCheckoutZeroAddress")
        .withArgs("to");
    });

    it("refuses a withdrawal by anyone but the merchant", async function () {
      const { checkout, stranger } = await networkHelpers.loadFixture(paidFixture);

      await expect(checkout.connect(stranger).withdraw(stranger.address, 1n))
        .to.be.revertedWithCustomError(checkout, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
    });
  });

  describe("when ownership changes hands", function () {
    it("needs the new owner to accept, and never lets the owner renounce", async function () {
      const { checkout, merchant, stranger } = await networkHelpers.loadFixture(deployFixture);

      await checkout.connect(merchant).transferOwnership(stranger.address);
      expect(await checkout.owner()).to.equal(merchant.address);
      await checkout.connect(stranger).acceptOwnership();
      expect(await checkout.owner()).to.equal(stranger.address);

      await expect(checkout.connect(stranger).renounceOwnership()).to.be.revertedWithCustomError(
        checkout,
        "MerchantCheckoutRenounceDisabled",
      );
      await expect(checkout.connect(stranger).setQuoteSigner(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(checkout, "MerchantCheckoutZeroAddress")
        .withArgs("newSigner");
    });
  });
});

/** Signs an EIP-2612 permit for the KC token, valid for an hour. */
async function signPermit(
  token: Awaited<ReturnType<typeof deployKatyCoin>>,
  owner: Signer,
  spender: string,
  value: bigint,
) {
  const ownerAddress = await owner.getAddress();
  const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
  const domain = {
    name: await token.name(),
    version: "1",
    chainId: (await ethers.provider.getNetwork()).chainId,
    verifyingContract: await token.getAddress(),
  };
  const types = {
    Permit: [
      { name: "owner", type: "address" },
      { name: "spender", type: "address" },
      { name: "value", type: "uint256" },
      { name: "nonce", type: "uint256" },
      { name: "deadline", type: "uint256" },
    ],
  };
  const message = {
    owner: ownerAddress,
    spender,
    value,
    nonce: await token.nonces(ownerAddress),
    deadline,
  };
  const { v, r, s } = ethers.Signature.from(await owner.signTypedData(domain, types, message));
  return { deadline, v, r, s };
}
