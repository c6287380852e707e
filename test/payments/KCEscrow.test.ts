import { expect } from "chai";
import hre from "hardhat";
import { upgrades } from "@openzeppelin/hardhat-upgrades";
import { ZeroAddress, encodeBytes32String } from "ethers";

import { KC } from "../helpers/token.ts";
import { shouldBehaveLikeKCPaymentBase } from "./KCPaymentBase.behavior.ts";
import { deployPaymentsSystem, fields } from "./fixtures.ts";

const connection = await hre.network.create();
const { ethers, networkHelpers } = connection;
const upgradesApi = await upgrades(hre, connection);

const REF = encodeBytes32String("contract-77");
const AMOUNT = 250n * KC;
const DAY = 86_400n;

const Status = {
  None: 0n,
  Open: 1n,
  Disputed: 2n,
  Released: 3n,
  Refunded: 4n,
  Reclaimed: 5n,
  Settled: 6n,
};

async function now(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest());
}

async function fixture() {
  const [admin, treasury, payer, payee, arbiter, stranger] = await ethers.getSigners();
  const { kc, escrow } = await deployPaymentsSystem(ethers, admin, treasury, [payer, payee]);
  await kc.connect(payer).approve(escrow, 1_000_000n * KC);

  return { kc, escrow, admin, payer, payee, arbiter, stranger };
}

/** One open escrow with an arbiter (id 1) and one without (id 2). */
async function openFixture() {
  const base = await fixture();
  const deadline = (await now()) + 7n * DAY;
  await base.escrow.connect(base.payer).create(base.payee, AMOUNT, deadline, base.arbiter, REF);
  await base.escrow.connect(base.payer).create(base.payee, AMOUNT, deadline, ZeroAddress, REF);

  return { ...base, deadline, withArbiter: 1n, withoutArbiter: 2n };
}

async function disputedFixture() {
  const base = await openFixture();
  await base.escrow.connect(base.payee).dispute(base.withArbiter);
  return base;
}

describe("KCEscrow", function () {
  shouldBehaveLikeKCPaymentBase(() => ({
    name: "KCEscrow",
    errorPrefix: "KCEscrow",
    ethers,
    networkHelpers,
    upgrades: upgradesApi,
    initArgs: (token, admin) => [token, admin],
    seed: async (escrow, kc, actor) => {
      await kc.connect(actor).approve(escrow, AMOUNT);
      await escrow
        .connect(actor)
        .create(
          ethers.Wallet.createRandom().address,
          AMOUNT,
          (await now()) + DAY,
          ZeroAddress,
          REF,
        );
    },
    readState: async (escrow) => ({
      escrow: fields(await escrow.getEscrow(1)),
      count: await escrow.escrowCount(),
      held: await escrow.totalHeld(),
    }),
    // escrowCount sits first in the namespace.
    ownSlotWord: async () => 1n,
    pausedCalls: (escrow, actor) => [
      () => escrow.connect(actor).create(escrow.target, AMOUNT, 2n ** 40n, ZeroAddress, REF),
      () => escrow.connect(actor).release(1),
      () => escrow.connect(actor).refund(1),
      () => escrow.connect(actor).reclaim(1),
      () => escrow.connect(actor).settle(1, 0),
    ],
  }));

  describe("create", function () {
    it("locks the amount and stores the escrow", async function () {
      const { kc, escrow, payer, payee, arbiter } = await networkHelpers.loadFixture(fixture);
      const deadline = (await now()) + DAY;

      const tx = escrow.connect(payer).create(payee, AMOUNT, deadline, arbiter, REF);
      await expect(tx).to.changeTokenBalances(ethers, kc, [payer, escrow], [-AMOUNT, AMOUNT]);
      await expect(tx)
        .to.emit(escrow, "EscrowCreated")
        .withArgs(1n, payer.address, payee.address, arbiter.address, AMOUNT, deadline, REF);
      expect(fields(await escrow.getEscrow(1))).to.deep.equal({
        payer: payer.address,
        deadline,
        status: Status.Open,
        payee: payee.address,
        arbiter: arbiter.address,
        amount: AMOUNT,
        ref: REF,
      });
      expect(await escrow.escrowCount()).to.equal(1n);
      expect(await escrow.totalHeld()).to.equal(AMOUNT);
    });

    it("refuses a zero payee", async function () {
      const { escrow, payer } = await networkHelpers.loadFixture(fixture);

      await expect(escrow.connect(payer).create(ZeroAddress, AMOUNT, 2n ** 40n, ZeroAddress, REF))
        .to.be.revertedWithCustomError(escrow, "KCEscrowZeroAddress")
        .withArgs("payee");
    });

    it("refuses the payer as payee", async function () {
      const { escrow, payer } = await networkHelpers.loadFixture(fixture);

      await expect(escrow.connect(payer).create(payer, AMOUNT, 2n ** 40n, ZeroAddress, REF))
        .to.be.revertedWithCustomError(escrow, "KCEscrowPartiesNotDistinct")
        .withArgs(payer.address);
    });

    it("refuses a party as arbiter", async function () {
      const { escrow, payer, payee } = await networkHelpers.loadFixture(fixture);

      for (const arbiter of [payer, payee]) {
        await expect(escrow.connect(payer).create(payee, AMOUNT, 2n ** 40n, arbiter, REF))
          .to.be.revertedWithCustomError(escrow, "KCEscrowPartiesNotDistinct")
          .withArgs(arbiter.address);
      }
    });

    it("refuses a zero amount", async function () {
      const { escrow, payer, payee } = await networkHelpers.loadFixture(fixture);

      await expect(
        escrow.connect(payer).create(payee, 0, 2n ** 40n, ZeroAddress, REF),
      ).to.be.revertedWithCustomError(escrow, "KCEscrowZeroAmount");
    });

    it("refuses a deadline that is not after the block time", async function () {
      const { escrow, payer, payee } = await networkHelpers.loadFixture(fixture);
      const at = (await now()) + 5n;
      await networkHelpers.time.setNextBlockTimestamp(at);

      await expect(escrow.connect(payer).create(payee, AMOUNT, at, ZeroAddress, REF))
        .to.be.revertedWithCustomError(escrow, "KCEscrowInvalidDeadline")
        .withArgs(at, at);
    });

    it("reverts with the token's error when the payer cannot fund it", async function () {
      const { kc, escrow, payee, stranger } = await networkHelpers.loadFixture(fixture);
      await kc.connect(stranger).approve(escrow, AMOUNT);

      await expect(escrow.connect(stranger).create(payee, AMOUNT, 2n ** 40n, ZeroAddress, REF))
        .to.be.revertedWithCustomError(kc, "ERC20InsufficientBalance")
        .withArgs(stranger.address, 0n, AMOUNT);
    });
  });

  describe("release", function () {
    it("pays the payee everything, once", async function () {
      const { kc, escrow, payer, payee, withArbiter } =
        await networkHelpers.loadFixture(openFixture);

      const tx = escrow.connect(payer).release(withArbiter);
      await expect(tx).to.changeTokenBalances(ethers, kc, [escrow, payee], [-AMOUNT, AMOUNT]);
      await expect(tx)
        .to.emit(escrow, "EscrowReleased")
        .withArgs(withArbiter, payee.address, AMOUNT);
      expect((await escrow.getEscrow(withArbiter)).status).to.equal(Status.Released);
      expect(await escrow.totalHeld()).to.equal(AMOUNT);

      await expect(escrow.connect(payer).release(withArbiter))
        .to.be.revertedWithCustomError(escrow, "KCEscrowNotOpen")
        .withArgs(withArbiter, Status.Released);
    });

    it("works after the deadline too", async function () {
      const { escrow, payer, withArbiter, deadline } =
        await networkHelpers.loadFixture(openFixture);
      await networkHelpers.time.increaseTo(deadline + DAY);

      await expect(escrow.connect(payer).release(withArbiter)).to.emit(escrow, "EscrowReleased");
    });

    it("refuses anyone but the payer", async function () {
      const { escrow, payee, arbiter, withArbiter } = await networkHelpers.loadFixture(openFixture);

      for (const caller of [payee, arbiter]) {
        await expect(escrow.connect(caller).release(withArbiter))
          .to.be.revertedWithCustomError(escrow, "KCEscrowUnauthorized")
          .withArgs(withArbiter, caller.address);
      }
    });

    it("refuses an unknown escrow", async function () {
      const { escrow, payer } = await networkHelpers.loadFixture(openFixture);

      await expect(escrow.connect(payer).release(9))
        .to.be.revertedWithCustomError(escrow, "KCEscrowNotFound")
        .withArgs(9);
    });

    it("refuses a disputed escrow", async function () {
      const { escrow, payer, withArbiter } = await networkHelpers.loadFixture(disputedFixture);

      await expect(escrow.connect(payer).release(withArbiter))
        .to.be.revertedWithCustomError(escrow, "KCEscrowNotOpen")
        .withArgs(withArbiter, Status.Disputed);
    });
  });

  describe("refund", function () {
    it("returns everything to the payer", async function () {
      const { kc, escrow, payer, payee, withArbiter } =
        await networkHelpers.loadFixture(openFixture);

      const tx = escrow.connect(payee).refund(withArbiter);
      await expect(tx).to.changeTokenBalances(ethers, kc, [escrow, payer], [-AMOUNT, AMOUNT]);
      await expect(tx)
        .to.emit(escrow, "EscrowRefunded")
        .withArgs(withArbiter, payer.address, AMOUNT);
      expect((await escrow.getEscrow(withArbiter)).status).to.equal(Status.Refunded);
    });

    it("refuses anyone but the payee", async function () {
      const { escrow, payer, withArbiter } = await networkHelpers.loadFixture(openFixture);

      await expect(escrow.connect(payer).refund(withArbiter))
        .to.be.revertedWithCustomError(escrow, "KCEscrowUnauthorized")
        .withArgs(withArbiter, payer.address);
    });

    it("refuses an escrow that was released", async function () {
      const { escrow, payer, payee, withArbiter } = await networkHelpers.loadFixture(openFixture);
      await escrow.connect(payer).release(withArbiter);

      await expect(escrow.connect(payee).refund(withArbiter))
        .to.be.revertedWithCustomError(escrow, "KCEscrowNotOpen")
        .withArgs(withArbiter, Status.Released);
    });
  });

  describe("reclaim", function () {
    it("returns everything to the payer from the deadline on", async function () {
      const { kc, escrow, payer, withoutArbiter, deadline } =
        await networkHelpers.loadFixture(openFixture);
      await networkHelpers.time.setNextBlockTimestamp(deadline);

      const tx = escrow.connect(payer).reclaim(withoutArbiter);
      await expect(tx).to.changeTokenBalances(ethers, kc, [escrow, payer], [-AMOUNT, AMOUNT]);
      await expect(tx)
        .to.emit(escrow, "EscrowReclaimed")
        .withArgs(withoutArbiter, payer.address, AMOUNT);
      expect((await escrow.getEscrow(withoutArbiter)).status).to.equal(Status.Reclaimed);
    });

    it("refuses one second before the deadline", async function () {
      const { escrow, payer, withoutArbiter, deadline } =
        await networkHelpers.loadFixture(openFixture);
      await networkHelpers.time.setNextBlockTimestamp(deadline - 1n);

      await expect(escrow.connect(payer).reclaim(withoutArbiter))
        .to.be.revertedWithCustomError(escrow, "KCEscrowDeadlineNotReached")
        .withArgs(withoutArbiter, deadline, deadline - 1n);
    });

    it("refuses anyone but the payer", async function () {
      const { escrow, payee, withoutArbiter, deadline } =
        await networkHelpers.loadFixture(openFixture);
      await networkHelpers.time.increaseTo(deadline);

      await expect(escrow.connect(payee).reclaim(withoutArbiter))
        .to.be.revertedWithCustomError(escrow, "KCEscrowUnauthorized")
        .withArgs(withoutArbiter, payee.address);
    });

    it("refuses a disputed escrow even after the deadline", async function () {
      const { escrow, payer, withArbiter, deadline } =
        await networkHelpers.loadFixture(disputedFixture);
      await networkHelpers.time.increaseTo(deadline + DAY);

      await expect(escrow.connect(payer).reclaim(withArbiter))
        .to.be.revertedWithCustomError(escrow, "KCEscrowNotOpen")
        .withArgs(withArbiter, Status.Disputed);
    });
  });

  describe("dispute", function () {
    for (const party of ["payer", "payee"] as const) {
      it(`lets the ${party} dispute before the deadline`, async function () {
        const context = await networkHelpers.loadFixture(openFixture);
        const { escrow, withArbiter, deadline } = context;
        const caller = context[party];
        await networkHelpers.time.setNextBlockTimestamp(deadline - 1n);

        await expect(escrow.connect(caller).dispute(withArbiter))
          .to.emit(escrow, "EscrowDisputed")
          .withArgs(withArbiter, caller.address);
        expect((await escrow.getEscrow(withArbiter)).status).to.equal(Status.Disputed);
      });
    }

    it("works while paused, so a pause cannot run the payee past the deadline", async function () {
      const { escrow, admin, payee, withArbiter } = await networkHelpers.loadFixture(openFixture);
      await escrow.connect(admin).pause();

      await expect(escrow.connect(payee).dispute(withArbiter)).to.emit(escrow, "EscrowDisputed");
    });

    it("refuses at the deadline", async function () {
      const { escrow, payee, withArbiter, deadline } =
        await networkHelpers.loadFixture(openFixture);
      await networkHelpers.time.setNextBlockTimestamp(deadline);

      await expect(escrow.connect(payee).dispute(withArbiter))
        .to.be.revertedWithCustomError(escrow, "KCEscrowDeadlinePassed")
        .withArgs(withArbiter, deadline, deadline);
    });

    it("refuses an escrow without an arbiter", async function () {
      const { escrow, payee, withoutArbiter } = await networkHelpers.loadFixture(openFixture);

      await expect(escrow.connect(payee).dispute(withoutArbiter))
        .to.be.revertedWithCustomError(escrow, "KCEscrowNoArbiter")
        .withArgs(withoutArbiter);
    });

    it("refuses the arbiter and strangers", async function () {
      const { escrow, arbiter, stranger, withArbiter } =
        await networkHelpers.loadFixture(openFixture);

      for (const caller of [arbiter, stranger]) {
        await expect(escrow.connect(caller).dispute(withArbiter))
          .to.be.revertedWithCustomError(escrow, "KCEscrowUnauthorized")
          .withArgs(withArbiter, caller.address);
      }
    });

    it("refuses a second dispute", async function () {
      const { escrow, payer, withArbiter } = await networkHelpers.loadFixture(disputedFixture);

      await expect(escrow.connect(payer).dispute(withArbiter))
        .to.be.revertedWithCustomError(escrow, "KCEscrowNotOpen")
        .withArgs(withArbiter, Status.Disputed);
    });

    it("refuses an unknown escrow", async function () {
      const { escrow, payer } = await networkHelpers.loadFixture(openFixture);

      await expect(escrow.connect(payer).dispute(3))
        .to.be.revertedWithCustomError(escrow, "KCEscrowNotFound")
        .withArgs(3);
    });
  });

  describe("settle", function () {
    const splits = [
      { name: "all to the payee", toPayee: AMOUNT },
      { name: "all to the payer", toPayee: 0n },
      { name: "split between both", toPayee: 100n * KC + 1n },
    ];
    for (const { name, toPayee } of splits) {
      it(`lets the arbiter settle ${name}`, async function () {
        const { kc, escrow, payer, payee, arbiter, withArbiter } =
          await networkHelpers.loadFixture(disputedFixture);
        const toPayer = AMOUNT - toPayee;

        const tx = escrow.connect(arbiter).settle(withArbiter, toPayee);
        await expect(tx).to.changeTokenBalances(
          ethers,
          kc,
          [escrow, payee, payer, arbiter],
          [-AMOUNT, toPayee, toPayer, 0n],
        );
        await expect(tx)
          .to.emit(escrow, "EscrowSettled")
          .withArgs(withArbiter, arbiter.address, toPayee, toPayer);
        expect((await escrow.getEscrow(withArbiter)).status).to.equal(Status.Settled);
        expect(await escrow.totalHeld()).to.equal(AMOUNT);
      });
    }

    it("refuses to give the payee more than the escrow holds", async function () {
      const { escrow, arbiter, withArbiter } = await networkHelpers.loadFixture(disputedFixture);

      await expect(escrow.connect(arbiter).settle(withArbiter, AMOUNT + 1n))
        .to.be.revertedWithCustomError(escrow, "KCEscrowSettlementTooLarge")
        .withArgs(withArbiter, AMOUNT + 1n, AMOUNT);
    });

    it("refuses anyone but the arbiter", async function () {
      const { escrow, payer, payee, withArbiter } =
        await networkHelpers.loadFixture(disputedFixture);

      for (const caller of [payer, payee]) {
        await expect(escrow.connect(caller).settle(withArbiter, 0))
          .to.be.revertedWithCustomError(escrow, "KCEscrowUnauthorized")
          .withArgs(withArbiter, caller.address);
      }
    });

    it("refuses an escrow that is not disputed", async function () {
      const { escrow, arbiter, withArbiter } = await networkHelpers.loadFixture(openFixture);

      await expect(escrow.connect(arbiter).settle(withArbiter, 0))
        .to.be.revertedWithCustomError(escrow, "KCEscrowNotDisputed")
        .withArgs(withArbiter, Status.Open);
    });

    it("refuses to settle twice", async function () {
      const { escrow, arbiter, withArbiter } = await networkHelpers.loadFixture(disputedFixture);
      await escrow.connect(arbiter).settle(withArbiter, 1n);

      await expect(escrow.connect(arbiter).settle(withArbiter, 1n))
        .to.be.revertedWithCustomError(escrow, "KCEscrowNotDisputed")
        .withArgs(withArbiter, Status.Settled);
    });

    it("refuses an unknown escrow", async function () {
      const { escrow, arbiter } = await networkHelpers.loadFixture(disputedFixture);

      await expect(escrow.connect(arbiter).settle(5, 0))
        .to.be.revertedWithCustomError(escrow, "KCEscrowNotFound")
        .withArgs(5);
    });
  });

  describe("accounting", function () {
    it("holds exactly the open and disputed amounts through every exit", async function () {
      const { kc, escrow, payer, payee, arbiter, withArbiter, withoutArbiter, deadline } =
        await networkHelpers.loadFixture(openFixture);
      await escrow.connect(payer).create(payee, 1n, deadline, arbiter, REF);
      await escrow.connect(payer).dispute(withArbiter);
      expect(await kc.balanceOf(escrow)).to.equal(2n * AMOUNT + 1n);

      await escrow.connect(payee).refund(3);
      await escrow.connect(arbiter).settle(withArbiter, 7n);
      expect(await escrow.totalHeld()).to.equal(AMOUNT);
      expect(await kc.balanceOf(escrow)).to.equal(AMOUNT);

      await networkHelpers.time.increaseTo(deadline);
      await escrow.connect(payer).reclaim(withoutArbiter);
      expect(await escrow.totalHeld()).to.equal(0n);
      expect(await kc.balanceOf(escrow)).to.equal(0n);
    });

    it("recovers stray KC without touching what open and disputed escrows hold", async function () {
      const { kc, escrow, admin, payer, payee, arbiter, withArbiter, withoutArbiter } =
        await networkHelpers.loadFixture(disputedFixture);
      const stray = 9n * KC;
      await kc.connect(payee).transfer(escrow, stray);

      await expect(escrow.connect(admin).recoverTokens(kc, payee, stray + 1n))
        .to.be.revertedWithCustomError(escrow, "KCRecoveryUnavailable")
        .withArgs(await kc.getAddress(), stray + 1n, stray);
      await escrow.connect(admin).recoverTokens(kc, payee, stray);
      expect(await escrow.totalHeld()).to.equal(2n * AMOUNT);
      expect(await kc.balanceOf(escrow)).to.equal(2n * AMOUNT);

      // Both escrows still pay out in full.
      await expect(escrow.connect(arbiter).settle(withArbiter, AMOUNT)).to.changeTokenBalances(
        ethers,
        kc,
        [escrow, payee],
        [-AMOUNT, AMOUNT],
      );
      await expect(escrow.connect(payer).release(withoutArbiter)).to.changeTokenBalances(
        ethers,
        kc,
        [escrow, payee],
        [-AMOUNT, AMOUNT],
      );
      expect(await escrow.recoverable(kc)).to.equal(0n);
    });
  });
});
