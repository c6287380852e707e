import { expect } from "chai";
import hre from "hardhat";
import { upgrades } from "@openzeppelin/hardhat-upgrades";
import { MaxUint256, Wallet, ZeroAddress, encodeBytes32String } from "ethers";

import { KC } from "../helpers/token.ts";
import { shouldBehaveLikeKCPaymentBase } from "./KCPaymentBase.behavior.ts";
import { deployPaymentsSystem } from "./fixtures.ts";

const connection = await hre.network.create();
const { ethers, networkHelpers } = connection;
const upgradesApi = await upgrades(hre, connection);

const REF = encodeBytes32String("payroll-2026-12");
const ATOMIC = 0;
const PARTIAL = 1;
const MAX_RECIPIENTS = 200;

function addresses(count: number): string[] {
  return Array.from({ length: count }, () => Wallet.createRandom().address);
}

async function fixture() {
  const [admin, treasury, sender, alice, bob, stranger] = await ethers.getSigners();
  const { kc, batch } = await deployPaymentsSystem(ethers, admin, treasury, [sender]);
  await kc.connect(sender).approve(batch, MaxUint256);

  return { kc, batch, admin, sender, alice, bob, stranger };
}

describe("KCBatchPayouts", function () {
  shouldBehaveLikeKCPaymentBase(() => ({
    name: "KCBatchPayouts",
    errorPrefix: "KCBatchPayouts",
    ethers,
    networkHelpers,
    upgrades: upgradesApi,
    initArgs: (token, admin) => [token, admin],
    seed: async (batch, kc, actor) => {
      await kc.connect(actor).approve(batch, 3n);
      await batch.connect(actor).payout(ATOMIC, addresses(3), [1n, 1n, 1n], REF);
    },
    readState: async (batch) => ({ count: await batch.batchCount() }),
    // batchCount is the whole namespace.
    ownSlotWord: async () => 1n,
    pausedCalls: (batch, actor) => [
      () => batch.connect(actor).payout(ATOMIC, [batch.target], [1n], REF),
      () => batch.connect(actor).payout(PARTIAL, [batch.target], [1n], REF),
    ],
  }));

  it("allows 200 recipients per call", async function () {
    const { batch } = await networkHelpers.loadFixture(fixture);

    expect(await batch.MAX_RECIPIENTS()).to.equal(BigInt(MAX_RECIPIENTS));
  });

  describe("refusals in either mode", function () {
    for (const [modeName, mode] of [
      ["atomic", ATOMIC],
      ["partial", PARTIAL],
    ] as const) {
      describe(`when the mode is ${modeName}`, function () {
        it("refuses an empty batch", async function () {
          const { batch, sender } = await networkHelpers.loadFixture(fixture);

          await expect(
            batch.connect(sender).payout(mode, [], [], REF),
          ).to.be.revertedWithCustomError(batch, "KCBatchPayoutsEmpty");
        });

        it("refuses one recipient over the maximum", async function () {
          const { batch, sender } = await networkHelpers.loadFixture(fixture);
          const recipients = addresses(MAX_RECIPIENTS + 1);

          await expect(
            batch.connect(sender).payout(
              mode,
              recipients,
              recipients.map(() => 1n),
              REF,
            ),
          )
            .to.be.revertedWithCustomError(batch, "KCBatchPayoutsTooManyRecipients")
            .withArgs(MAX_RECIPIENTS + 1, MAX_RECIPIENTS);
        });

        it("refuses arrays of different lengths", async function () {
          const { batch, sender, alice, bob } = await networkHelpers.loadFixture(fixture);

          await expect(batch.connect(sender).payout(mode, [alice, bob], [1n], REF))
            .to.be.revertedWithCustomError(batch, "KCBatchPayoutsLengthMismatch")
            .withArgs(2, 1);
        });
      });
    }
  });

  describe("when the mode is atomic", function () {
    it("pays every item, duplicates included, and keeps nothing", async function () {
      const { kc, batch, sender, alice, bob } = await networkHelpers.loadFixture(fixture);
      const recipients = [alice.address, bob.address, alice.address];
      const amounts = [1n * KC, 2n * KC, 3n * KC];

      const tx = batch.connect(sender).payout(ATOMIC, recipients, amounts, REF);
      await expect(tx).to.changeTokenBalances(
        ethers,
        kc,
        [sender, alice, bob, batch],
        [-6n * KC, 4n * KC, 2n * KC, 0n],
      );
      for (let i = 0; i < recipients.length; i++) {
        await expect(tx).to.emit(batch, "PayoutSent").withArgs(1n, recipients[i], i, amounts[i]);
      }
      await expect(tx)
        .to.emit(batch, "BatchPayoutExecuted")
        .withArgs(1n, sender.address, REF, ATOMIC, 3n, 3n, 6n * KC);
      expect(await batch.batchCount()).to.equal(1n);
    });

    it("moves nothing net when the sender pays itself", async function () {
      const { kc, batch, sender, alice } = await networkHelpers.loadFixture(fixture);

      const tx = batch.connect(sender).payout(ATOMIC, [sender, alice], [7n, 3n], REF);
      await expect(tx).to.changeTokenBalances(ethers, kc, [sender, alice, batch], [-3n, 3n, 0n]);
      await expect(tx).to.emit(batch, "PayoutSent").withArgs(1n, sender.address, 0, 7n);
    });

    it("returns the batch id, the paid count and the paid total", async function () {
      const { batch, sender, alice } = await networkHelpers.loadFixture(fixture);

      const result = await batch.connect(sender).payout.staticCall(ATOMIC, [alice], [5n], REF);
      expect(result).to.deep.equal([1n, 1n, 5n]);
    });

    it("pays the maximum number of recipients", async function () {
      const { kc, batch, sender } = await networkHelpers.loadFixture(fixture);
      const recipients = addresses(MAX_RECIPIENTS);

      await expect(
        batch.connect(sender).payout(
          ATOMIC,
          recipients,
          recipients.map(() => 1n),
          REF,
        ),
      )
        .to.emit(batch, "BatchPayoutExecuted")
        .withArgs(1n, sender.address, REF, ATOMIC, 200n, 200n, 200n);
      expect(await kc.balanceOf(recipients[MAX_RECIPIENTS - 1])).to.equal(1n);
    });

    it("refuses the whole batch for a zero recipient, paying nobody", async function () {
      const { kc, batch, sender, alice, bob } = await networkHelpers.loadFixture(fixture);

      await expect(
        batch.connect(sender).payout(ATOMIC, [alice, bob, ZeroAddress], [1n, 1n, 1n], REF),
      )
        .to.be.revertedWithCustomError(batch, "KCBatchPayoutsInvalidItem")
        .withArgs(2, ZeroAddress, 1n);
      expect(await kc.balanceOf(alice)).to.equal(0n);
    });

    it("refuses the whole batch for a zero amount", async function () {
      const { batch, sender, alice, bob } = await networkHelpers.loadFixture(fixture);

      await expect(batch.connect(sender).payout(ATOMIC, [alice, bob], [1n, 0n], REF))
        .to.be.revertedWithCustomError(batch, "KCBatchPayoutsInvalidItem")
        .withArgs(1, bob.address, 0n);
    });

    it("reverts with the token's error when the balance runs out midway", async function () {
      const { kc, batch, sender, alice, bob } = await networkHelpers.loadFixture(fixture);
      const balance = await kc.balanceOf(sender);

      await expect(batch.connect(sender).payout(ATOMIC, [alice, bob], [balance, 1n], REF))
        .to.be.revertedWithCustomError(kc, "ERC20InsufficientBalance")
        .withArgs(sender.address, 0n, 1n);
      expect(await kc.balanceOf(alice)).to.equal(0n);
    });
  });

  describe("when the mode is partial", function () {
    it("skips the items that fail, with one event each, and pays the rest", async function () {
      const { kc, batch, sender, alice, bob } = await networkHelpers.loadFixture(fixture);
      const balance = await kc.balanceOf(sender);
      const recipients = [alice.address, ZeroAddress, bob.address, alice.address, bob.address];
      const amounts = [10n, 5n, 0n, balance, 20n];

      const tx = batch.connect(sender).payout(PARTIAL, recipients, amounts, REF);
      await expect(tx).to.changeTokenBalances(
        ethers,
        kc,
        [sender, alice, bob, batch],
        [-30n, 10n, 20n, 0n],
      );
      const invalid = (i: number) =>
        batch.interface.encodeErrorResult("KCBatchPayoutsInvalidItem", [
          i,
          recipients[i],
          amounts[i],
        ]);
      const shortBalance = kc.interface.encodeErrorResult("ERC20InsufficientBalance", [
        sender.address,
        balance - 10n,
        balance,
      ]);
      await expect(tx).to.emit(batch, "PayoutFailed").withArgs(1n, ZeroAddress, 1, 5n, invalid(1));
      await expect(tx).to.emit(batch, "PayoutFailed").withArgs(1n, bob.address, 2, 0n, invalid(2));
      await expect(tx)
        .to.emit(batch, "PayoutFailed")
        .withArgs(1n, alice.address, 3, balance, shortBalance);
      await expect(tx).to.emit(batch, "PayoutSent").withArgs(1n, alice.address, 0, 10n);
      await expect(tx).to.emit(batch, "PayoutSent").withArgs(1n, bob.address, 4, 20n);
      await expect(tx)
        .to.emit(batch, "BatchPayoutExecuted")
        .withArgs(1n, sender.address, REF, PARTIAL, 5n, 2n, 30n);
    });

    it("spends only the allowance of the items it paid", async function () {
      const { kc, batch, sender, alice } = await networkHelpers.loadFixture(fixture);
      await kc.connect(sender).approve(batch, 15n);

      await expect(
        batch.connect(sender).payout(PARTIAL, [alice, alice, alice], [10n, 10n, 5n], REF),
      )
        .to.emit(batch, "BatchPayoutExecuted")
        .withArgs(1n, sender.address, REF, PARTIAL, 3n, 2n, 15n);
      expect(await kc.allowance(sender, batch)).to.equal(0n);
      expect(await kc.balanceOf(batch)).to.equal(0n);
    });

    it("completes with nothing paid when every item fails", async function () {
      const { kc, batch, stranger, alice } = await networkHelpers.loadFixture(fixture);

      await expect(batch.connect(stranger).payout(PARTIAL, [alice], [1n], REF))
        .to.emit(batch, "BatchPayoutExecuted")
        .withArgs(1n, stranger.address, REF, PARTIAL, 1n, 0n, 0n)
        .and.to.emit(batch, "PayoutFailed")
        .withArgs(
          1n,
          alice.address,
          0,
          1n,
          kc.interface.encodeErrorResult("ERC20InsufficientAllowance", [
            await batch.getAddress(),
            0n,
            1n,
          ]),
        );
    });
  });
});
