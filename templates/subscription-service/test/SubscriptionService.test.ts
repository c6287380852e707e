import { expect } from "chai";
import { network } from "hardhat";

import { deployKatyCoin, KC } from "../../../test/helpers/token.ts";
import type { KCSubscriptions, SubscriptionService } from "../../../types/typechain/index.ts";
import SubscriptionServiceModule from "../ignition/SubscriptionService.ts";

const { ethers, ignition, networkHelpers } = await network.create();

const PRICE = 10n * KC;
const PERIOD = 30n * 24n * 3600n;
const GRACE = 24n * 3600n;
const PLAN = 1n;
const OTHER_MERCHANTS_PLAN = 2n;
const UNACCEPTED_PLAN = 3n;
const SUBSCRIPTION = 1n;

describe("SubscriptionService (template)", function () {
  async function deployFixture() {
    const [admin, owner, merchant, alice, bob, keeper] = await ethers.getSigners();
    const token = await deployKatyCoin(ethers, admin);
    const tokenAddress = await token.getAddress();

    // KCSubscriptions behind its proxy, as the toolkit deploys it.
    const implementation = await ethers.deployContract("KCSubscriptions");
    const init = implementation.interface.encodeFunctionData("initialize", [
      tokenAddress,
      admin.address,
    ]);
    const proxy = await ethers.deployContract("ERC1967Proxy", [
      await implementation.getAddress(),
      init,
    ]);
    const subscriptions = (await ethers.getContractAt(
      "KCSubscriptions",
      await proxy.getAddress(),
    )) as unknown as KCSubscriptions;

    await subscriptions.connect(merchant).createPlan(PRICE, PERIOD);
    await subscriptions.connect(bob).createPlan(PRICE, PERIOD);
    await subscriptions.connect(merchant).createPlan(PRICE / 2n, PERIOD);

    const { subscriptionService } = await ignition.deploy(SubscriptionServiceModule, {
      parameters: {
        SubscriptionServiceModule: {
          subscriptions: await subscriptions.getAddress(),
          merchant: merchant.address,
          gracePeriod: GRACE,
          owner: owner.address,
        },
      },
    });
    const service = (await ethers.getContractAt(
      "SubscriptionService",
      await subscriptionService.getAddress(),
    )) as unknown as SubscriptionService;
    await service.connect(owner).acceptPlan(PLAN);

    for (const subscriber of [alice, bob]) {
      await token.mint(subscriber.address, 1_000n * KC);
      await token.connect(subscriber).approve(await subscriptions.getAddress(), ethers.MaxUint256);
    }
    await subscriptions.connect(alice).subscribe(PLAN);

    return { token, subscriptions, service, owner, merchant, alice, bob, keeper };
  }

  async function linkedFixture() {
    const fixture = await deployFixture();
    await fixture.service.connect(fixture.alice).linkSubscription(SUBSCRIPTION);
    const { nextDueAt } = await fixture.subscriptions.getSubscription(SUBSCRIPTION);
    return { ...fixture, nextDueAt };
  }

  describe("when the owner manages plans", function () {
    it("accepts the merchant's plan and emits PlanAccepted", async function () {
      const { service, owner } = await networkHelpers.loadFixture(deployFixture);

      await expect(service.connect(owner).acceptPlan(UNACCEPTED_PLAN))
        .to.emit(service, "PlanAccepted")
        .withArgs(UNACCEPTED_PLAN);
      expect(await service.isPlanAccepted(UNACCEPTED_PLAN)).to.equal(true);
    });

    it("refuses an unknown plan, another merchant's, a retired one and a repeat", async function () {
      const { subscriptions, service, owner, merchant, bob } =
        await networkHelpers.loadFixture(deployFixture);

      await expect(service.connect(owner).acceptPlan(99n))
        .to.be.revertedWithCustomError(service, "SubscriptionServicePlanNotFound")
        .withArgs(99n);
      await expect(service.connect(owner).acceptPlan(OTHER_MERCHANTS_PLAN))
        .to.be.revertedWithCustomError(service, "SubscriptionServiceWrongMerchant")
        .withArgs(OTHER_MERCHANTS_PLAN, bob.address, merchant.address);
      await expect(service.connect(owner).acceptPlan(PLAN))
        .to.be.revertedWithCustomError(service, "SubscriptionServicePlanAcceptance")
        .withArgs(PLAN, true);

      await subscriptions.connect(merchant).retirePlan(UNACCEPTED_PLAN);
      await expect(service.connect(owner).acceptPlan(UNACCEPTED_PLAN))
        .to.be.revertedWithCustomError(service, "SubscriptionServicePlanRetired")
        .withArgs(UNACCEPTED_PLAN);
    });

    it("refuses plan changes by anyone but the owner", async function () {
      const { service, merchant } = await networkHelpers.loadFixture(deployFixture);

      await expect(service.connect(merchant).acceptPlan(UNACCEPTED_PLAN))
        .to.be.revertedWithCustomError(service, "OwnableUnauthorizedAccount")
        .withArgs(merchant.address);
      await expect(service.connect(merchant).dropPlan(PLAN))
        .to.be.revertedWithCustomError(service, "OwnableUnauthorizedAccount")
        .withArgs(merchant.address);
    });

    it("drops a plan, which ends its subscribers' access at once", async function () {
      const { service, owner, alice } = await networkHelpers.loadFixture(linkedFixture);

      await expect(service.connect(owner).dropPlan(PLAN))
        .to.emit(service, "PlanDropped")
        .withArgs(PLAN);
      expect(await service.hasAccess(alice.address)).to.equal(false);
      await expect(service.connect(owner).dropPlan(PLAN))
        .to.be.revertedWithCustomError(service, "SubscriptionServicePlanAcceptance")
        .withArgs(PLAN, false);
    });

    it("refuses a zero subscriptions contract or merchant at deployment", async function () {
      const { subscriptions, service, owner } = await networkHelpers.loadFixture(deployFixture);
      const deploy = (args: unknown[]) => ethers.deployContract("SubscriptionService", args);

      await expect(deploy([ethers.ZeroAddress, owner.address, GRACE, owner.address]))
        .to.be.revertedWithCustomError(service, "SubscriptionServiceZeroAddress")
        .withArgs("subscriptions");
      await expect(
        deploy([await subscriptions.getAddress(), ethers.ZeroAddress, GRACE, owner.address]),
      )
        .to.be.revertedWithCustomError(service, "SubscriptionServiceZeroAddress")
        .withArgs("merchant");
    });
  });

  describe("when a subscriber links a subscription", function () {
    it("records it, emits SubscriptionLinked and gives access", async function () {
      const { service, alice } = await networkHelpers.loadFixture(deployFixture);
      expect(await service.hasAccess(alice.address)).to.equal(false);

      await expect(service.connect(alice).linkSubscription(SUBSCRIPTION))
        .to.emit(service, "SubscriptionLinked")
        .withArgs(alice.address, SUBSCRIPTION, PLAN);
      expect(await service.linkedSubscription(alice.address)).to.equal(SUBSCRIPTION);
      expect(await service.hasAccess(alice.address)).to.equal(true);
    });

    it("refuses someone else's subscription and one that does not exist", async function () {
      const { service, alice, bob } = await networkHelpers.loadFixture(deployFixture);

      await expect(service.connect(bob).linkSubscription(SUBSCRIPTION))
        .to.be.revertedWithCustomError(service, "SubscriptionServiceNotSubscriber")
        .withArgs(SUBSCRIPTION, alice.address, bob.address);
      await expect(service.connect(bob).linkSubscription(42n))
        .to.be.revertedWithCustomError(service, "SubscriptionServiceNotSubscriber")
        .withArgs(42n, ethers.ZeroAddress, bob.address);
    });

    it("refuses a cancelled subscription and a plan the service does not accept", async function () {
      const { subscriptions, service, alice, bob } =
        await networkHelpers.loadFixture(deployFixture);
      await subscriptions.connect(alice).cancel(SUBSCRIPTION);
      await subscriptions.connect(bob).subscribe(UNACCEPTED_PLAN);

      await expect(service.connect(alice).linkSubscription(SUBSCRIPTION))
        .to.be.revertedWithCustomError(service, "SubscriptionServiceSubscriptionNotActive")
        .withArgs(SUBSCRIPTION);
      await expect(service.connect(bob).linkSubscription(2n))
        .to.be.revertedWithCustomError(service, "SubscriptionServicePlanAcceptance")
        .withArgs(UNACCEPTED_PLAN, false);
    });
  });

  describe("when time passes", function () {
    it("keeps access through the grace period, then ends it", async function () {
      const { service, alice, nextDueAt } = await networkHelpers.loadFixture(linkedFixture);
      expect(await service.accessUntil(alice.address)).to.equal(nextDueAt + GRACE);

      await networkHelpers.time.increaseTo(nextDueAt + GRACE - 1n);
      expect(await service.hasAccess(alice.address)).to.equal(true);

      await networkHelpers.time.increaseTo(nextDueAt + GRACE);
      expect(await service.hasAccess(alice.address)).to.equal(false);
      expect(await service.accessUntil(alice.address)).to.equal(0n);
    });

    it("extends access when a keeper collects the next period", async function () {
      const { subscriptions, service, alice, keeper, nextDueAt } =
        await networkHelpers.loadFixture(linkedFixture);
      await networkHelpers.time.increaseTo(nextDueAt + GRACE);

      await subscriptions.connect(keeper).collect(SUBSCRIPTION);

      expect(await service.hasAccess(alice.address)).to.equal(true);
      expect(await service.accessUntil(alice.address)).to.equal(nextDueAt + PERIOD + GRACE);
    });

    it("ends access after the grace period when a collection fails", async function () {
      const { token, subscriptions, service, alice, keeper, nextDueAt } =
        await networkHelpers.loadFixture(linkedFixture);
      await token.connect(alice).approve(await subscriptions.getAddress(), 0n);
      await networkHelpers.time.increaseTo(nextDueAt);

      await expect(subscriptions.connect(keeper).collect(SUBSCRIPTION)).to.emit(
        subscriptions,
        "SubscriptionCollectionFailed",
      );
      expect(await service.hasAccess(alice.address)).to.equal(true);

      await networkHelpers.time.increaseTo(nextDueAt + GRACE);
      expect(await service.hasAccess(alice.address)).to.equal(false);
    });

    it("ends access when the merchant retires the plan", async function () {
      const { subscriptions, service, merchant, alice } =
        await networkHelpers.loadFixture(linkedFixture);

      await subscriptions.connect(merchant).retirePlan(PLAN);

      expect(await service.hasAccess(alice.address)).to.equal(false);
    });

    it("ends access when the subscriber cancels", async function () {
      const { subscriptions, service, alice } = await networkHelpers.loadFixture(linkedFixture);

      await subscriptions.connect(alice).cancel(SUBSCRIPTION);

      expect(await service.hasAccess(alice.address)).to.equal(false);
      expect(await service.accessUntil(alice.address)).to.equal(0n);
    });
  });

  describe("when the gated action is used", function () {
    it("serves a subscriber and emits ServiceUsed", async function () {
      const { service, alice } = await networkHelpers.loadFixture(linkedFixture);
      const ref = ethers.id("report-7");

      await expect(service.connect(alice).useService(ref))
        .to.emit(service, "ServiceUsed")
        .withArgs(alice.address, SUBSCRIPTION, ref);
    });

    it("refuses an account without access, naming its subscription", async function () {
      const { service, alice, bob, nextDueAt } = await networkHelpers.loadFixture(linkedFixture);

      await expect(service.connect(bob).useService(ethers.ZeroHash))
        .to.be.revertedWithCustomError(service, "SubscriptionServiceAccessDenied")
        .withArgs(bob.address, 0n);

      await networkHelpers.time.increaseTo(nextDueAt + GRACE);
      await expect(service.connect(alice).useService(ethers.ZeroHash))
        .to.be.revertedWithCustomError(service, "SubscriptionServiceAccessDenied")
        .withArgs(alice.address, SUBSCRIPTION);
    });
  });
});
