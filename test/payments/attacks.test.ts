// Attacks on the payment contracts from the token's side. KC is a plain
// ERC-20 without hooks, so nobody can take control in the middle of a KC
// transfer; a token with hooks (ERC-777, ERC-1363 style) could. These tests
// deploy the contracts on HostileToken, which calls a ReentrantActor during
// every transfer, and let that actor -- a payer, payee, arbiter, merchant or
// recipient -- call back into the contract that is paying it. Each test proves
// two things: the re-entering call is refused by the reentrancy guard, and
// the outer operation still pays exactly once. The contracts also set their
// final state before any token moves, so the re-entry would fail even
// without the guard (with the state errors named in each test).
import { expect } from "chai";
import hre from "hardhat";
import { MaxUint256, ZeroAddress, encodeBytes32String } from "ethers";

import type {
  HostileToken,
  KCBatchPayouts,
  KCEscrow,
  KCPayments,
  KCSubscriptions,
  ReentrantActor,
} from "../../types/typechain/index.ts";
import { KC } from "../helpers/token.ts";
import { DEFAULT_ADMIN_ROLE } from "./KCPaymentBase.behavior.ts";
import { deployBehindProxy } from "./fixtures.ts";

const { ethers, networkHelpers } = await hre.network.create();

const REF = encodeBytes32String("attack");
const AMOUNT = 100n * KC;
const ATOMIC = 0;
const PARTIAL = 1;
const Failure = { None: 0, ReturnFalse: 1, EmptyRevert: 2 };

async function fixture() {
  const [admin, treasury, victim, bystander] = await ethers.getSigners();
  const token = (await ethers.deployContract("HostileToken")) as unknown as HostileToken;
  const address = await token.getAddress();

  const payments = await deployBehindProxy<KCPayments>(
    ethers,
    "KCPayments",
    [address, admin.address, treasury.address, 50],
    admin,
  );
  const escrow = await deployBehindProxy<KCEscrow>(
    ethers,
    "KCEscrow",
    [address, admin.address],
    admin,
  );
  const batch = await deployBehindProxy<KCBatchPayouts>(
    ethers,
    "KCBatchPayouts",
    [address, admin.address],
    admin,
  );
  const subscriptions = await deployBehindProxy<KCSubscriptions>(
    ethers,
    "KCSubscriptions",
    [address, admin.address],
    admin,
  );
  const actor = (await ethers.deployContract("ReentrantActor")) as unknown as ReentrantActor;

  for (const account of [victim.address, bystander.address, await actor.getAddress()]) {
    await token.mint(account, 1_000n * KC);
  }
  for (const spender of [payments, escrow, batch, subscriptions]) {
    await token.connect(victim).approve(spender, MaxUint256);
    await token.connect(bystander).approve(spender, MaxUint256);
    await actor.act(
      address,
      token.interface.encodeFunctionData("approve", [await spender.getAddress(), MaxUint256]),
    );
  }
  await token.setHook(actor);

  return { token, payments, escrow, batch, subscriptions, actor, admin, victim, bystander };
}

async function expectRefusedByGuard(actor: ReentrantActor, contract: { interface: any }) {
  expect(await actor.reentryAttempted()).to.equal(true);
  expect(await actor.reentrySucceeded()).to.equal(false);
  expect(await actor.reentryError()).to.equal(
    contract.interface.encodeErrorResult("ReentrancyGuardReentrantCall", []),
  );
}

function encode(contract: { interface: any }, fn: string, args: unknown[]): string {
  return contract.interface.encodeFunctionData(fn, args);
}

describe("attacks through a token that calls back", function () {
  describe("KCPayments", function () {
    it("a payer that re-enters payRequest pays the request once", async function () {
      const { token, payments, actor, victim } = await networkHelpers.loadFixture(fixture);
      await payments.connect(victim).createRequest(AMOUNT, ZeroAddress, 2n ** 40n, REF);
      const before = await token.balanceOf(actor);

      // Without the guard: KCPaymentsRequestNotOpen(1, Paid).
      await actor.arm(payments, encode(payments, "payRequest", [1]));
      await actor.act(payments, encode(payments, "payRequest", [1]));

      await expectRefusedByGuard(actor, payments);
      expect(await token.balanceOf(actor)).to.equal(before - AMOUNT);
      expect((await payments.getRequest(1)).status).to.equal(2n);
    });

    it("a payee that re-enters pay cannot pay again inside the payment", async function () {
      const { payments, actor, victim } = await networkHelpers.loadFixture(fixture);

      await actor.arm(payments, encode(payments, "pay", [victim.address, 1n, REF, ""]));
      await expect(payments.connect(victim).pay(actor, AMOUNT, REF, "")).to.emit(
        payments,
        "PaymentMade",
      );

      await expectRefusedByGuard(actor, payments);
    });
  });

  describe("KCEscrow", function () {
    async function escrowFixture() {
      const base = await fixture();
      const deadline = (await networkHelpers.time.latest()) + 86_400;
      // Escrow 1 is the target; escrow 2 belongs to others and must stay whole.
      await base.escrow
        .connect(base.victim)
        .create(base.actor, AMOUNT, deadline, base.bystander, REF);
      await base.escrow
        .connect(base.bystander)
        .create(base.victim, AMOUNT, deadline, ZeroAddress, REF);
      return base;
    }

    it("a payee that re-enters refund while being released is paid once", async function () {
      const { token, escrow, actor, victim } = await networkHelpers.loadFixture(escrowFixture);
      const before = await token.balanceOf(actor);

      // Without the guard: KCEscrowNotOpen(1, Released).
      await actor.arm(escrow, encode(escrow, "refund", [1]));
      await escrow.connect(victim).release(1);

      await expectRefusedByGuard(actor, escrow);
      expect(await token.balanceOf(actor)).to.equal(before + AMOUNT);
      expect(await token.balanceOf(escrow)).to.equal(AMOUNT);
      expect(await escrow.totalHeld()).to.equal(AMOUNT);
    });

    it("an arbiter that re-enters settle settles once", async function () {
      const { token, escrow, actor, admin, victim, bystander } =
        await networkHelpers.loadFixture(fixture);
      const deadline = (await networkHelpers.time.latest()) + 86_400;
      await escrow.connect(victim).create(bystander, AMOUNT, deadline, actor, REF);
      await escrow.connect(bystander).dispute(1);
      // Someone else's escrow keeps KC in the contract that a second payout could take.
      await escrow.connect(victim).create(admin, AMOUNT, deadline, ZeroAddress, REF);

      // Without the guard: KCEscrowNotDisputed(1, Settled).
      await actor.arm(escrow, encode(escrow, "settle", [1, AMOUNT]));
      await actor.act(escrow, encode(escrow, "settle", [1, AMOUNT / 2n]));

      await expectRefusedByGuard(actor, escrow);
      expect(await token.balanceOf(escrow)).to.equal(AMOUNT);
      expect(await escrow.totalHeld()).to.equal(AMOUNT);
    });

    it("a payer that re-enters reclaim reclaims once", async function () {
      const { token, escrow, actor, bystander } = await networkHelpers.loadFixture(fixture);
      const deadline = (await networkHelpers.time.latest()) + 100;
      await actor.act(
        escrow,
        encode(escrow, "create", [bystander.address, AMOUNT, deadline, ZeroAddress, REF]),
      );
      await escrow.connect(bystander).create(actor, AMOUNT, deadline, ZeroAddress, REF);
      await networkHelpers.time.increaseTo(deadline);

      await actor.arm(escrow, encode(escrow, "reclaim", [1]));
      await actor.act(escrow, encode(escrow, "reclaim", [1]));

      await expectRefusedByGuard(actor, escrow);
      expect(await token.balanceOf(escrow)).to.equal(AMOUNT);
    });

    it("an admin that re-enters recoverTokens recovers the stray amount once", async function () {
      const { token, escrow, actor, admin, victim, bystander } =
        await networkHelpers.loadFixture(escrowFixture);
      await escrow.connect(admin).grantRole(DEFAULT_ADMIN_ROLE, actor);
      await token.connect(bystander).transfer(escrow, AMOUNT);
      const recovery = encode(escrow, "recoverTokens", [
        await token.getAddress(),
        victim.address,
        AMOUNT,
      ]);

      // Without the guard: KCRecoveryUnavailable(token, AMOUNT, 0).
      await actor.arm(escrow, recovery);
      await actor.act(escrow, recovery);

      await expectRefusedByGuard(actor, escrow);
      expect(await token.balanceOf(escrow)).to.equal(2n * AMOUNT);
      expect(await escrow.recoverable(token)).to.equal(0n);
    });
  });

  describe("KCBatchPayouts", function () {
    it("a recipient that re-enters payout cannot start a batch inside one", async function () {
      const { batch, actor, victim, bystander } = await networkHelpers.loadFixture(fixture);

      await actor.arm(batch, encode(batch, "payout", [ATOMIC, [bystander.address], [1n], REF]));
      await expect(batch.connect(victim).payout(ATOMIC, [actor, bystander], [AMOUNT, AMOUNT], REF))
        .to.emit(batch, "BatchPayoutExecuted")
        .withArgs(1n, victim.address, REF, ATOMIC, 2n, 2n, 2n * AMOUNT);

      await expectRefusedByGuard(actor, batch);
      expect(await batch.batchCount()).to.equal(1n);
    });
  });

  describe("KCSubscriptions", function () {
    it("a merchant that re-enters collect collects one period", async function () {
      const { token, subscriptions, actor, victim } = await networkHelpers.loadFixture(fixture);
      await actor.act(subscriptions, encode(subscriptions, "createPlan", [AMOUNT, 3600]));
      await subscriptions.connect(victim).subscribe(1);
      await networkHelpers.time.increase(3600);
      const before = await token.balanceOf(victim);

      // Without the guard: KCSubscriptionsNotDue.
      await actor.arm(subscriptions, encode(subscriptions, "collect", [1]));
      await actor.act(subscriptions, encode(subscriptions, "collect", [1]));

      await expectRefusedByGuard(actor, subscriptions);
      expect(await token.balanceOf(victim)).to.equal(before - AMOUNT);
    });
  });

  describe("a token that reports failure in odd ways", function () {
    const cases = [
      { name: "returns false", failure: Failure.ReturnFalse },
      { name: "reverts with no data", failure: Failure.EmptyRevert },
    ];

    for (const { name, failure } of cases) {
      it(`counts an item whose transfer ${name} as failed in a partial batch`, async function () {
        const { token, batch, victim, bystander } = await networkHelpers.loadFixture(fixture);
        await token.setHook(ZeroAddress);
        await token.setFailure(failure);
        const reason = batch.interface.encodeErrorResult("SafeERC20FailedOperation", [
          await token.getAddress(),
        ]);

        await expect(batch.connect(victim).payout(PARTIAL, [bystander], [AMOUNT], REF))
          .to.emit(batch, "PayoutFailed")
          .withArgs(1n, bystander.address, 0, AMOUNT, reason)
          .and.to.emit(batch, "BatchPayoutExecuted")
          .withArgs(1n, victim.address, REF, PARTIAL, 1n, 0n, 0n);
      });
    }

    it("refuses an atomic batch whose transfer returns false", async function () {
      const { token, batch, victim, bystander } = await networkHelpers.loadFixture(fixture);
      await token.setHook(ZeroAddress);
      await token.setFailure(Failure.ReturnFalse);

      await expect(batch.connect(victim).payout(ATOMIC, [bystander], [AMOUNT], REF))
        .to.be.revertedWithCustomError(batch, "SafeERC20FailedOperation")
        .withArgs(await token.getAddress());
    });
  });
});
