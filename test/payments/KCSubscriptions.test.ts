import { expect } from "chai";
import hre from "hardhat";
import { upgrades } from "@openzeppelin/hardhat-upgrades";

import { KC } from "../helpers/token.ts";
import { shouldBehaveLikeKCPaymentBase } from "./KCPaymentBase.behavior.ts";
import { STARTING_BALANCE, deployPaymentsSystem, fields } from "./fixtures.ts";

const connection = await hre.network.create();
const { ethers, networkHelpers } = connection;
const upgradesApi = await upgrades(hre, connection);

const PRICE = 15n * KC;
const PERIOD = 30n * 86_400n;

const Status = { None: 0n, Active: 1n, Cancelled: 2n };
const Failure = { InsufficientBalance: 0n, InsufficientAllowance: 1n };

async function now(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest());
}

async function fixture() {
  const [admin, treasury, merchant, subscriber, other, stranger] = await ethers.getSigners();
  const { kc, subscriptions } = await deployPaymentsSystem(ethers, admin, treasury, [
    subscriber,
    other,
  ]);
  for (const account of [subscriber, other]) {
    await kc.connect(account).approve(subscriptions, 100n * PRICE);
  }
  await subscriptions.connect(merchant).createPlan(PRICE, PERIOD);

  return { kc, subscriptions, admin, merchant, subscriber, other, stranger, planId: 1n };
}

/** `subscriber` holds subscription 1, `other` holds subscription 2, both on plan 1. */
async function subscribedFixture() {
  const base = await fixture();
  await base.subscriptions.connect(base.subscriber).subscribe(base.planId);
  const startedAt = await now();
  await base.subscriptions.connect(base.other).subscribe(base.planId);

  return { ...base, startedAt, firstDueAt: startedAt + PERIOD, mine: 1n, theirs: 2n };
}

describe("KCSubscriptions", function () {
  shouldBehaveLikeKCPaymentBase(() => ({
    name: "KCSubscriptions",
    errorPrefix: "KCSubscriptions",
    ethers,
    networkHelpers,
    upgrades: upgradesApi,
    initArgs: (token, admin) => [token, admin],
    seed: async (subscriptions, kc, actor) => {
      const [merchant] = await ethers.getSigners();
      await subscriptions.connect(merchant).createPlan(PRICE, PERIOD);
      await kc.connect(actor).approve(subscriptions, PRICE);
      await subscriptions.connect(actor).subscribe(1);
    },
    readState: async (subscriptions) => ({
      plan: fields(await subscriptions.getPlan(1)),
      subscription: fields(await subscriptions.getSubscription(1)),
      plans: await subscriptions.planCount(),
      subscriptions: await subscriptions.subscriptionCount(),
    }),
    // planCount sits first in the namespace.
    ownSlotWord: async () => 1n,
    pausedCalls: (subscriptions, actor) => [
      () => subscriptions.connect(actor).createPlan(PRICE, PERIOD),
      () => subscriptions.connect(actor).subscribe(1),
      () => subscriptions.connect(actor).collect(1),
      () => subscriptions.connect(actor).collectMany([1]),
    ],
  }));

  describe("plans", function () {
    it("publishes a plan with the caller as merchant", async function () {
      const { subscriptions, merchant } = await networkHelpers.loadFixture(fixture);

      await expect(subscriptions.connect(merchant).createPlan(3n * KC, 3600))
        .to.emit(subscriptions, "PlanCreated")
        .withArgs(2n, merchant.address, 3n * KC, 3600);
      expect(fields(await subscriptions.getPlan(2))).to.deep.equal({
        merchant: merchant.address,
        period: 3600n,
        retired: false,
        amount: 3n * KC,
      });
      expect(await subscriptions.planCount()).to.equal(2n);
    });

    it("refuses a zero amount or a zero period", async function () {
      const { subscriptions, merchant } = await networkHelpers.loadFixture(fixture);

      await expect(subscriptions.connect(merchant).createPlan(0, PERIOD))
        .to.be.revertedWithCustomError(subscriptions, "KCSubscriptionsInvalidPlan")
        .withArgs(0, PERIOD);
      await expect(subscriptions.connect(merchant).createPlan(PRICE, 0))
        .to.be.revertedWithCustomError(subscriptions, "KCSubscriptionsInvalidPlan")
        .withArgs(PRICE, 0);
    });

    it("lets the merchant retire a plan, even while paused", async function () {
      const { subscriptions, admin, merchant, planId } = await networkHelpers.loadFixture(fixture);
      await subscriptions.connect(admin).pause();

      await expect(subscriptions.connect(merchant).retirePlan(planId))
        .to.emit(subscriptions, "PlanRetired")
        .withArgs(planId, merchant.address);
      expect((await subscriptions.getPlan(planId)).retired).to.equal(true);
    });

    it("refuses to retire a plan twice, an unknown plan, or someone else's", async function () {
      const { subscriptions, merchant, stranger, planId } =
        await networkHelpers.loadFixture(fixture);

      await expect(subscriptions.connect(stranger).retirePlan(planId))
        .to.be.revertedWithCustomError(subscriptions, "KCSubscriptionsNotMerchant")
        .withArgs(planId, merchant.address, stranger.address);
      await expect(subscriptions.connect(merchant).retirePlan(4))
        .to.be.revertedWithCustomError(subscriptions, "KCSubscriptionsPlanNotFound")
        .withArgs(4);

      await subscriptions.connect(merchant).retirePlan(planId);
      await expect(subscriptions.connect(merchant).retirePlan(planId))
        .to.be.revertedWithCustomError(subscriptions, "KCSubscriptionsPlanRetired")
        .withArgs(planId);
    });
  });

  describe("subscribe", function () {
    it("starts the subscription and pays the first period at once", async function () {
      const { kc, subscriptions, merchant, subscriber, planId } =
        await networkHelpers.loadFixture(fixture);
      const at = (await now()) + 10n;
      await networkHelpers.time.setNextBlockTimestamp(at);

      const tx = subscriptions.connect(subscriber).subscribe(planId);
      await expect(tx).to.changeTokenBalances(
        ethers,
        kc,
        [subscriber, merchant, subscriptions],
        [-PRICE, PRICE, 0n],
      );
      await expect(tx)
        .to.emit(subscriptions, "SubscriptionCreated")
        .withArgs(1n, planId, subscriber.address, at);
      await expect(tx)
        .to.emit(subscriptions, "SubscriptionCollected")
        .withArgs(1n, planId, subscriber.address, merchant.address, PRICE, at, 0n, at + PERIOD);
      expect(fields(await subscriptions.getSubscription(1))).to.deep.equal({
        subscriber: subscriber.address,
        nextDueAt: at + PERIOD,
        status: Status.Active,
        planId,
      });
      expect(await subscriptions.subscriptionCount()).to.equal(1n);
    });

    it("refuses an unknown plan, a retired plan, and the merchant itself", async function () {
      const { subscriptions, merchant, subscriber, planId } =
        await networkHelpers.loadFixture(fixture);

      await expect(subscriptions.connect(subscriber).subscribe(9))
        .to.be.revertedWithCustomError(subscriptions, "KCSubscriptionsPlanNotFound")
        .withArgs(9);
      await expect(subscriptions.connect(merchant).subscribe(planId))
        .to.be.revertedWithCustomError(subscriptions, "KCSubscriptionsSelfSubscription")
        .withArgs(merchant.address);

      await subscriptions.connect(merchant).retirePlan(planId);
      await expect(subscriptions.connect(subscriber).subscribe(planId))
        .to.be.revertedWithCustomError(subscriptions, "KCSubscriptionsPlanRetired")
        .withArgs(planId);
    });

    it("reverts with the token's error when the first period cannot be paid", async function () {
      const { kc, subscriptions, subscriber, planId } = await networkHelpers.loadFixture(fixture);
      await kc.connect(subscriber).approve(subscriptions, PRICE - 1n);

      await expect(subscriptions.connect(subscriber).subscribe(planId))
        .to.be.revertedWithCustomError(kc, "ERC20InsufficientAllowance")
        .withArgs(await subscriptions.getAddress(), PRICE - 1n, PRICE);
    });
  });

  describe("collect", function () {
    it("refuses one second before the next period starts", async function () {
      const { subscriptions, stranger, mine, firstDueAt } =
        await networkHelpers.loadFixture(subscribedFixture);
      await networkHelpers.time.setNextBlockTimestamp(firstDueAt - 1n);

      await expect(subscriptions.connect(stranger).collect(mine))
        .to.be.revertedWithCustomError(subscriptions, "KCSubscriptionsNotDue")
        .withArgs(mine, firstDueAt, firstDueAt - 1n);
    });

    it("lets anyone collect for the merchant once the period starts", async function () {
      const { kc, subscriptions, merchant, subscriber, stranger, planId, mine, firstDueAt } =
        await networkHelpers.loadFixture(subscribedFixture);
      await networkHelpers.time.setNextBlockTimestamp(firstDueAt);

      const tx = subscriptions.connect(stranger).collect(mine);
      await expect(tx).to.changeTokenBalances(
        ethers,
        kc,
        [subscriber, merchant, stranger],
        [-PRICE, PRICE, 0n],
      );
      await expect(tx)
        .to.emit(subscriptions, "SubscriptionCollected")
        .withArgs(
          mine,
          planId,
          subscriber.address,
          merchant.address,
          PRICE,
          firstDueAt,
          0n,
          firstDueAt + PERIOD,
        );
      expect((await subscriptions.getSubscription(mine)).nextDueAt).to.equal(firstDueAt + PERIOD);
    });

    it("collects at most once per period", async function () {
      const { subscriptions, merchant, mine, firstDueAt } =
        await networkHelpers.loadFixture(subscribedFixture);
      await networkHelpers.time.increaseTo(firstDueAt + PERIOD / 2n);
      await subscriptions.connect(merchant).collect(mine);

      await expect(subscriptions.connect(merchant).collect(mine))
        .to.be.revertedWithCustomError(subscriptions, "KCSubscriptionsNotDue")
        .withArgs(mine, firstDueAt + PERIOD, (await now()) + 1n);
    });

    it("charges one period after missed ones and skips them for good", async function () {
      const { kc, subscriptions, merchant, subscriber, planId, mine, startedAt } =
        await networkHelpers.loadFixture(subscribedFixture);
      // Three and a half periods after subscribing: periods 1 and 2 were missed,
      // period 3 is under way.
      await networkHelpers.time.setNextBlockTimestamp(startedAt + (7n * PERIOD) / 2n);

      const tx = subscriptions.connect(merchant).collect(mine);
      await expect(tx).to.changeTokenBalance(ethers, kc, subscriber, -PRICE);
      await expect(tx)
        .to.emit(subscriptions, "SubscriptionCollected")
        .withArgs(
          mine,
          planId,
          subscriber.address,
          merchant.address,
          PRICE,
          startedAt + 3n * PERIOD,
          2n,
          startedAt + 4n * PERIOD,
        );
      await expect(subscriptions.connect(merchant).collect(mine)).to.be.revertedWithCustomError(
        subscriptions,
        "KCSubscriptionsNotDue",
      );
    });

    it("reports a short balance without reverting and leaves the period collectable", async function () {
      const { kc, subscriptions, merchant, subscriber, other, mine, firstDueAt } =
        await networkHelpers.loadFixture(subscribedFixture);
      const balance = await kc.balanceOf(subscriber);
      await kc.connect(subscriber).transfer(other, balance - 1n);
      await networkHelpers.time.increaseTo(firstDueAt);

      expect(await subscriptions.connect(merchant).collect.staticCall(mine)).to.equal(false);
      await expect(subscriptions.connect(merchant).collect(mine))
        .to.emit(subscriptions, "SubscriptionCollectionFailed")
        .withArgs(mine, subscriber.address, Failure.InsufficientBalance, PRICE, 1n)
        .and.not.to.emit(subscriptions, "SubscriptionCollected");
      expect((await subscriptions.getSubscription(mine)).nextDueAt).to.equal(firstDueAt);

      await kc.connect(other).transfer(subscriber, PRICE);
      await expect(subscriptions.connect(merchant).collect(mine)).to.emit(
        subscriptions,
        "SubscriptionCollected",
      );
    });

    it("reports a short allowance without reverting", async function () {
      const { kc, subscriptions, merchant, subscriber, mine, firstDueAt } =
        await networkHelpers.loadFixture(subscribedFixture);
      await kc.connect(subscriber).approve(subscriptions, PRICE - 1n);
      await networkHelpers.time.increaseTo(firstDueAt);

      await expect(subscriptions.connect(merchant).collect(mine))
        .to.emit(subscriptions, "SubscriptionCollectionFailed")
        .withArgs(mine, subscriber.address, Failure.InsufficientAllowance, PRICE, PRICE - 1n);
      expect(await kc.balanceOf(subscriber)).to.equal(STARTING_BALANCE - PRICE);
    });

    it("refuses an unknown subscription", async function () {
      const { subscriptions, merchant } = await networkHelpers.loadFixture(subscribedFixture);

      await expect(subscriptions.connect(merchant).collect(8))
        .to.be.revertedWithCustomError(subscriptions, "KCSubscriptionsNotFound")
        .withArgs(8);
    });

    it("refuses a subscription whose plan was retired", async function () {
      const { subscriptions, merchant, planId, mine, firstDueAt } =
        await networkHelpers.loadFixture(subscribedFixture);
      await subscriptions.connect(merchant).retirePlan(planId);
      await networkHelpers.time.increaseTo(firstDueAt);

      await expect(subscriptions.connect(merchant).collect(mine))
        .to.be.revertedWithCustomError(subscriptions, "KCSubscriptionsPlanRetired")
        .withArgs(planId);
    });
  });

  describe("cancel", function () {
    it("stops every later collection, and works while paused", async function () {
      const { subscriptions, admin, merchant, subscriber, planId, mine, firstDueAt } =
        await networkHelpers.loadFixture(subscribedFixture);
      await subscriptions.connect(admin).pause();

      await expect(subscriptions.connect(subscriber).cancel(mine))
        .to.emit(subscriptions, "SubscriptionCancelled")
        .withArgs(mine, subscriber.address, planId);
      expect((await subscriptions.getSubscription(mine)).status).to.equal(Status.Cancelled);

      await subscriptions.connect(admin).unpause();
      await networkHelpers.time.increaseTo(firstDueAt);
      await expect(subscriptions.connect(merchant).collect(mine))
        .to.be.revertedWithCustomError(subscriptions, "KCSubscriptionsNotActive")
        .withArgs(mine);
    });

    it("refuses anyone but the subscriber", async function () {
      const { subscriptions, merchant, subscriber, mine } =
        await networkHelpers.loadFixture(subscribedFixture);

      await expect(subscriptions.connect(merchant).cancel(mine))
        .to.be.revertedWithCustomError(subscriptions, "KCSubscriptionsNotSubscriber")
        .withArgs(mine, subscriber.address, merchant.address);
    });

    it("refuses an unknown or already cancelled subscription", async function () {
      const { subscriptions, subscriber, mine } =
        await networkHelpers.loadFixture(subscribedFixture);

      await expect(subscriptions.connect(subscriber).cancel(6))
        .to.be.revertedWithCustomError(subscriptions, "KCSubscriptionsNotFound")
        .withArgs(6);
      await subscriptions.connect(subscriber).cancel(mine);
      await expect(subscriptions.connect(subscriber).cancel(mine))
        .to.be.revertedWithCustomError(subscriptions, "KCSubscriptionsNotActive")
        .withArgs(mine);
    });
  });

  describe("collectMany", function () {
    it("collects what it can, reports failures and skips the rest", async function () {
      const { kc, subscriptions, merchant, subscriber, other, stranger, planId, mine, theirs } =
        await networkHelpers.loadFixture(subscribedFixture);
      // A third subscription that will be cancelled, a fourth that is not due yet.
      await kc.connect(stranger).approve(subscriptions, 10n * PRICE);
      await kc.connect(merchant).transfer(stranger, 2n * PRICE);
      await subscriptions.connect(stranger).subscribe(planId);
      await subscriptions.connect(stranger).cancel(3);
      await networkHelpers.time.increase(PERIOD);
      await subscriptions.connect(stranger).subscribe(planId);
      await kc.connect(other).approve(subscriptions, 0);

      const ids = [mine, theirs, 3n, 4n, 99n];
      expect(await subscriptions.connect(merchant).collectMany.staticCall(ids)).to.equal(1n);
      const tx = subscriptions.connect(merchant).collectMany(ids);
      await expect(tx).to.changeTokenBalances(
        ethers,
        kc,
        [subscriber, other, stranger, merchant],
        [-PRICE, 0n, 0n, PRICE],
      );
      await expect(tx)
        .to.emit(subscriptions, "SubscriptionCollectionFailed")
        .withArgs(theirs, other.address, Failure.InsufficientAllowance, PRICE, 0n);
      const receipt = await (await tx).wait();
      const collected = receipt!.logs
        .filter((log) => log.address === subscriptions.target)
        .map((log) => subscriptions.interface.parseLog(log)!)
        .filter((event) => event.name === "SubscriptionCollected");
      expect(collected.map((event) => event.args.subscriptionId)).to.deep.equal([mine]);
    });
  });
});
