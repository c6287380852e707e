import { expect } from "chai";
import hre from "hardhat";
import { upgrades } from "@openzeppelin/hardhat-upgrades";
import { ZeroAddress, encodeBytes32String } from "ethers";

import { signPermit } from "../helpers/permit.ts";
import { KC } from "../helpers/token.ts";
import { DEFAULT_ADMIN_ROLE, shouldBehaveLikeKCPaymentBase } from "./KCPaymentBase.behavior.ts";
import { FEE_BPS, deployBehindProxy, deployPaymentsSystem, fields } from "./fixtures.ts";

const connection = await hre.network.create();
const { ethers, networkHelpers } = connection;
const upgradesApi = await upgrades(hre, connection);

const REF = encodeBytes32String("order-1042");
const MEMO = "two coffees";
const AMOUNT = 100n * KC;
const MAX_FEE_BPS = 500n;
const MAX_MEMO_BYTES = 256;

const Status = { None: 0n, Open: 1n, Paid: 2n, Cancelled: 3n };

async function fixture() {
  const [admin, treasury, payer, payee, other, stranger] = await ethers.getSigners();
  const { kc, payments } = await deployPaymentsSystem(ethers, admin, treasury, [
    payer,
    payee,
    other,
  ]);
  for (const account of [payer, payee, other]) {
    await kc.connect(account).approve(payments, 1_000_000n * KC);
  }

  return { kc, payments, admin, treasury, payer, payee, other, stranger };
}

function split(gross: bigint, feeBps: bigint = FEE_BPS): { fee: bigint; net: bigint } {
  const fee = (gross * feeBps) / 10_000n;
  return { fee, net: gross - fee };
}

async function now(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest());
}

describe("KCPayments", function () {
  shouldBehaveLikeKCPaymentBase(() => ({
    name: "KCPayments",
    errorPrefix: "KCPayments",
    ethers,
    networkHelpers,
    upgrades: upgradesApi,
    initArgs: (token, admin) => [token, admin, admin, FEE_BPS],
    seed: async (payments, kc, actor) => {
      await kc.connect(actor).approve(payments, AMOUNT);
      await payments.connect(actor).createRequest(AMOUNT, ZeroAddress, (await now()) + 60n, REF);
    },
    readState: async (payments) => ({
      request: fields(await payments.getRequest(1)),
      count: await payments.requestCount(),
      fee: await payments.feeBps(),
      treasury: await payments.treasury(),
    }),
    // treasury (20 bytes) then feeBps (2 bytes) share the first slot.
    ownSlotWord: async (payments) => (FEE_BPS << 160n) | BigInt(await payments.treasury()),
    pausedCalls: (payments, actor) => [
      () => payments.connect(actor).pay(ethers.Wallet.createRandom().address, AMOUNT, REF, MEMO),
      () =>
        payments
          .connect(actor)
          .payWithPermit(ZeroAddress.replace(/0$/, "1"), AMOUNT, REF, MEMO, 0, 0, REF, REF),
      () => payments.connect(actor).createRequest(AMOUNT, ZeroAddress, 2n ** 40n, REF),
      () => payments.connect(actor).payRequest(1),
    ],
  }));

  describe("initialisation", function () {
    it("sets the treasury and the fee, with events", async function () {
      const [admin, treasury] = await ethers.getSigners();
      const { kc } = await networkHelpers.loadFixture(fixture);
      const implementation = await ethers.deployContract("KCPayments");
      const init = implementation.interface.encodeFunctionData("initialize", [
        await kc.getAddress(),
        admin.address,
        treasury.address,
        FEE_BPS,
      ]);
      const proxy = await ethers.deployContract("ERC1967Proxy", [
        await implementation.getAddress(),
        init,
      ]);
      const payments = await ethers.getContractAt("KCPayments", await proxy.getAddress());
      const deployment = proxy.deploymentTransaction();

      await expect(deployment)
        .to.emit(payments, "TreasuryUpdated")
        .withArgs(ZeroAddress, treasury.address);
      await expect(deployment).to.emit(payments, "FeeUpdated").withArgs(0, FEE_BPS);
      expect(await payments.treasury()).to.equal(treasury.address);
      expect(await payments.feeBps()).to.equal(FEE_BPS);
      expect(await payments.MAX_FEE_BPS()).to.equal(MAX_FEE_BPS);
      expect(await payments.MAX_MEMO_BYTES()).to.equal(BigInt(MAX_MEMO_BYTES));
    });

    it("refuses a zero treasury", async function () {
      const { kc, admin, payments } = await networkHelpers.loadFixture(fixture);
      const args = [await kc.getAddress(), admin.address, ZeroAddress, FEE_BPS];

      await expect(deployBehindProxy(ethers, "KCPayments", args, admin))
        .to.be.revertedWithCustomError(payments, "KCPaymentsZeroAddress")
        .withArgs("treasury");
    });

    it("refuses a fee above the maximum", async function () {
      const { kc, admin, treasury, payments } = await networkHelpers.loadFixture(fixture);
      const args = [await kc.getAddress(), admin.address, treasury.address, MAX_FEE_BPS + 1n];

      await expect(deployBehindProxy(ethers, "KCPayments", args, admin))
        .to.be.revertedWithCustomError(payments, "KCPaymentsFeeTooHigh")
        .withArgs(MAX_FEE_BPS + 1n, MAX_FEE_BPS);
    });
  });

  describe("pay", function () {
    it("sends the net to the payee and the fee to the treasury", async function () {
      const { kc, payments, treasury, payer, payee } = await networkHelpers.loadFixture(fixture);
      const { fee, net } = split(AMOUNT);

      await expect(payments.connect(payer).pay(payee, AMOUNT, REF, MEMO)).to.changeTokenBalances(
        ethers,
        kc,
        [payer, payee, treasury, payments],
        [-AMOUNT, net, fee, 0n],
      );
    });

    it("emits PaymentMade with gross, fee, net, treasury and memo", async function () {
      const { payments, treasury, payer, payee } = await networkHelpers.loadFixture(fixture);
      const { fee, net } = split(AMOUNT);

      await expect(payments.connect(payer).pay(payee, AMOUNT, REF, MEMO))
        .to.emit(payments, "PaymentMade")
        .withArgs(payer.address, payee.address, REF, AMOUNT, fee, net, treasury.address, MEMO);
    });

    describe("fee rounding", function () {
      // 50 bps: the fee is gross * 50 / 10_000, rounded down.
      const cases = [
        { gross: 1n, fee: 0n },
        { gross: 199n, fee: 0n },
        { gross: 200n, fee: 1n },
        { gross: 399n, fee: 1n },
        { gross: 400n, fee: 2n },
        { gross: 10_000n, fee: 50n },
        { gross: 10_199n, fee: 50n },
      ];
      for (const { gross, fee } of cases) {
        it(`takes a fee of ${fee} from ${gross} base units`, async function () {
          const { kc, payments, treasury, payer, payee } =
            await networkHelpers.loadFixture(fixture);

          expect(await payments.quote(gross)).to.deep.equal([fee, gross - fee]);
          await expect(payments.connect(payer).pay(payee, gross, REF, "")).to.changeTokenBalances(
            ethers,
            kc,
            [payer, payee, treasury],
            [-gross, gross - fee, fee],
          );
        });
      }

      it("takes the maximum fee when it is set", async function () {
        const { kc, payments, admin, treasury, payer, payee } =
          await networkHelpers.loadFixture(fixture);
        await payments.connect(admin).setFee(MAX_FEE_BPS);

        await expect(payments.connect(payer).pay(payee, 1_000n, REF, "")).to.changeTokenBalances(
          ethers,
          kc,
          [payee, treasury],
          [950n, 50n],
        );
      });

      it("moves no KC to the treasury when the fee is zero", async function () {
        const { kc, payments, admin, payer, payee, treasury } =
          await networkHelpers.loadFixture(fixture);
        await payments.connect(admin).setFee(0);

        const tx = payments.connect(payer).pay(payee, AMOUNT, REF, MEMO);
        await expect(tx)
          .to.emit(payments, "PaymentMade")
          .withArgs(payer.address, payee.address, REF, AMOUNT, 0n, AMOUNT, treasury.address, MEMO);
        const receipt = await (await tx).wait();
        const transfers = receipt!.logs.filter(
          (log) => log.topics[0] === kc.interface.getEvent("Transfer").topicHash,
        );
        expect(transfers).to.have.length(1);
      });
    });

    it("accepts a memo of exactly the maximum length", async function () {
      const { payments, payer, payee } = await networkHelpers.loadFixture(fixture);
      const memo = "m".repeat(MAX_MEMO_BYTES);

      await expect(payments.connect(payer).pay(payee, AMOUNT, REF, memo))
        .to.emit(payments, "PaymentMade")
        .withArgs(
          payer.address,
          payee.address,
          REF,
          AMOUNT,
          ...Object.values(split(AMOUNT)),
          await payments.treasury(),
          memo,
        );
    });

    it("refuses a memo one byte over the limit", async function () {
      const { payments, payer, payee } = await networkHelpers.loadFixture(fixture);

      await expect(payments.connect(payer).pay(payee, AMOUNT, REF, "m".repeat(MAX_MEMO_BYTES + 1)))
        .to.be.revertedWithCustomError(payments, "KCPaymentsMemoTooLong")
        .withArgs(MAX_MEMO_BYTES + 1, MAX_MEMO_BYTES);
    });

    it("counts the memo's length in UTF-8 bytes, not characters", async function () {
      const { payments, payer, payee } = await networkHelpers.loadFixture(fixture);
      // 129 characters of two bytes each: 258 bytes.
      const memo = "é".repeat(129);

      await expect(payments.connect(payer).pay(payee, AMOUNT, REF, memo))
        .to.be.revertedWithCustomError(payments, "KCPaymentsMemoTooLong")
        .withArgs(258, MAX_MEMO_BYTES);
    });

    it("refuses the zero address as payee", async function () {
      const { payments, payer } = await networkHelpers.loadFixture(fixture);

      await expect(payments.connect(payer).pay(ZeroAddress, AMOUNT, REF, MEMO))
        .to.be.revertedWithCustomError(payments, "KCPaymentsZeroAddress")
        .withArgs("to");
    });

    it("refuses a payment to oneself", async function () {
      const { payments, payer } = await networkHelpers.loadFixture(fixture);

      await expect(payments.connect(payer).pay(payer, AMOUNT, REF, MEMO))
        .to.be.revertedWithCustomError(payments, "KCPaymentsSelfPayment")
        .withArgs(payer.address);
    });

    it("refuses a zero amount", async function () {
      const { payments, payer, payee } = await networkHelpers.loadFixture(fixture);

      await expect(payments.connect(payer).pay(payee, 0, REF, MEMO)).to.be.revertedWithCustomError(
        payments,
        "KCPaymentsZeroAmount",
      );
    });

    it("reverts with the token's error when the allowance does not cover the net", async function () {
      const { kc, payments, payer, payee } = await networkHelpers.loadFixture(fixture);
      const { net } = split(AMOUNT);
      await kc.connect(payer).approve(payments, net - 1n);

      await expect(payments.connect(payer).pay(payee, AMOUNT, REF, MEMO))
        .to.be.revertedWithCustomError(kc, "ERC20InsufficientAllowance")
        .withArgs(await payments.getAddress(), net - 1n, net);
    });

    it("reverts with the token's error when the allowance covers the net but not the fee", async function () {
      const { kc, payments, payer, payee } = await networkHelpers.loadFixture(fixture);
      const { fee } = split(AMOUNT);
      await kc.connect(payer).approve(payments, AMOUNT - 1n);

      // The net moves first, so what is left for the fee is one short.
      await expect(payments.connect(payer).pay(payee, AMOUNT, REF, MEMO))
        .to.be.revertedWithCustomError(kc, "ERC20InsufficientAllowance")
        .withArgs(await payments.getAddress(), fee - 1n, fee);
    });
  });

  describe("payWithPermit", function () {
    async function permitFixture() {
      const base = await fixture();
      const [, , , , , , newcomer] = await ethers.getSigners();
      await base.kc.connect(base.admin).mint(newcomer, 1_000n * KC);
      const deadline = (await now()) + 3600n;
      const signature = await signPermit({
        token: base.kc,
        signer: newcomer,
        owner: newcomer.address,
        spender: await base.payments.getAddress(),
        value: AMOUNT,
        deadline,
      });

      return { ...base, newcomer, deadline, signature };
    }

    it("approves and pays in one transaction, using the whole permit", async function () {
      const { kc, payments, treasury, payee, newcomer, deadline, signature } =
        await networkHelpers.loadFixture(permitFixture);
      const { v, r, s } = signature;
      const { fee, net } = split(AMOUNT);

      const tx = payments
        .connect(newcomer)
        .payWithPermit(payee, AMOUNT, REF, MEMO, deadline, v, r, s);
      await expect(tx).to.changeTokenBalances(
        ethers,
        kc,
        [newcomer, payee, treasury],
        [-AMOUNT, net, fee],
      );
      await expect(tx)
        .to.emit(payments, "PaymentMade")
        .withArgs(newcomer.address, payee.address, REF, AMOUNT, fee, net, treasury.address, MEMO);
      expect(await kc.allowance(newcomer, payments)).to.equal(0n);
      expect(await kc.nonces(newcomer)).to.equal(1n);
    });

    it("still pays when someone front-ran the permit", async function () {
      const { kc, payments, payee, newcomer, stranger, deadline, signature } =
        await networkHelpers.loadFixture(permitFixture);
      const { v, r, s } = signature;
      await kc.connect(stranger).permit(newcomer, payments, AMOUNT, deadline, v, r, s);

      await expect(
        payments.connect(newcomer).payWithPermit(payee, AMOUNT, REF, MEMO, deadline, v, r, s),
      ).to.changeTokenBalance(ethers, kc, newcomer, -AMOUNT);
    });

    it("reverts with the allowance error when the permit is bad and nothing is approved", async function () {
      const { kc, payments, payee, newcomer, signature } =
        await networkHelpers.loadFixture(permitFixture);
      const { v, r, s } = signature;
      // A different deadline makes the signature recover to another signer.
      const wrongDeadline = (await now()) + 7200n;

      await expect(
        payments.connect(newcomer).payWithPermit(payee, AMOUNT, REF, MEMO, wrongDeadline, v, r, s),
      )
        .to.be.revertedWithCustomError(kc, "ERC20InsufficientAllowance")
        .withArgs(await payments.getAddress(), 0n, split(AMOUNT).net);
    });

    it("reverts with the allowance error when the permit has expired", async function () {
      const { kc, payments, payee, newcomer, deadline, signature } =
        await networkHelpers.loadFixture(permitFixture);
      const { v, r, s } = signature;
      await networkHelpers.time.increaseTo(deadline + 1n);

      await expect(
        payments.connect(newcomer).payWithPermit(payee, AMOUNT, REF, MEMO, deadline, v, r, s),
      )
        .to.be.revertedWithCustomError(kc, "ERC20InsufficientAllowance")
        .withArgs(await payments.getAddress(), 0n, split(AMOUNT).net);
    });

    it("checks the payment before using the permit", async function () {
      const { kc, payments, newcomer, deadline, signature } =
        await networkHelpers.loadFixture(permitFixture);
      const { v, r, s } = signature;

      await expect(
        payments.connect(newcomer).payWithPermit(newcomer, AMOUNT, REF, MEMO, deadline, v, r, s),
      )
        .to.be.revertedWithCustomError(payments, "KCPaymentsSelfPayment")
        .withArgs(newcomer.address);
      expect(await kc.nonces(newcomer)).to.equal(0n);
    });
  });

  describe("payment requests", function () {
    async function requestFixture() {
      const base = await fixture();
      const expiresAt = (await now()) + 3600n;
      await base.payments
        .connect(base.payee)
        .createRequest(AMOUNT, base.payer.address, expiresAt, REF);
      await base.payments.connect(base.payee).createRequest(AMOUNT, ZeroAddress, expiresAt, REF);

      return { ...base, expiresAt, named: 1n, open: 2n };
    }

    describe("createRequest", function () {
      it("stores the request and emits PaymentRequestCreated", async function () {
        const { payments, payer, payee } = await networkHelpers.loadFixture(fixture);
        const expiresAt = (await now()) + 3600n;

        await expect(payments.connect(payee).createRequest(AMOUNT, payer, expiresAt, REF))
          .to.emit(payments, "PaymentRequestCreated")
          .withArgs(1n, payee.address, payer.address, AMOUNT, expiresAt, REF);
        expect(fields(await payments.getRequest(1))).to.deep.equal({
          payee: payee.address,
          expiresAt,
          status: Status.Open,
          payer: payer.address,
          amount: AMOUNT,
          ref: REF,
        });
        expect(await payments.requestCount()).to.equal(1n);
      });

      it("numbers requests from one upwards", async function () {
        const { payments, payee } = await networkHelpers.loadFixture(requestFixture);

        await expect(payments.connect(payee).createRequest(1n, ZeroAddress, 2n ** 40n, REF))
          .to.emit(payments, "PaymentRequestCreated")
          .withArgs(3n, payee.address, ZeroAddress, 1n, 2n ** 40n, REF);
      });

      it("refuses a zero amount", async function () {
        const { payments, payee } = await networkHelpers.loadFixture(fixture);

        await expect(
          payments.connect(payee).createRequest(0, ZeroAddress, 2n ** 40n, REF),
        ).to.be.revertedWithCustomError(payments, "KCPaymentsZeroAmount");
      });

      it("refuses the payee as payer", async function () {
        const { payments, payee } = await networkHelpers.loadFixture(fixture);

        await expect(payments.connect(payee).createRequest(AMOUNT, payee, 2n ** 40n, REF))
          .to.be.revertedWithCustomError(payments, "KCPaymentsSelfPayment")
          .withArgs(payee.address);
      });

      it("refuses an expiry that is not after the block time", async function () {
        const { payments, payee } = await networkHelpers.loadFixture(fixture);
        const at = (await now()) + 10n;
        await networkHelpers.time.setNextBlockTimestamp(at);

        await expect(payments.connect(payee).createRequest(AMOUNT, ZeroAddress, at, REF))
          .to.be.revertedWithCustomError(payments, "KCPaymentsInvalidExpiry")
          .withArgs(at, at);
      });
    });

    describe("payRequest", function () {
      it("pays the named payer's request and marks it paid", async function () {
        const { kc, payments, treasury, payer, payee, named } =
          await networkHelpers.loadFixture(requestFixture);
        const { fee, net } = split(AMOUNT);

        const tx = payments.connect(payer).payRequest(named);
        await expect(tx).to.changeTokenBalances(
          ethers,
          kc,
          [payer, payee, treasury],
          [-AMOUNT, net, fee],
        );
        await expect(tx)
          .to.emit(payments, "PaymentRequestPaid")
          .withArgs(named, payer.address, payee.address, AMOUNT, fee, net, treasury.address);
        expect((await payments.getRequest(named)).status).to.equal(Status.Paid);
      });

      it("lets anyone pay a request that names no payer", async function () {
        const { payments, treasury, payee, other, open } =
          await networkHelpers.loadFixture(requestFixture);
        const { fee, net } = split(AMOUNT);

        await expect(payments.connect(other).payRequest(open))
          .to.emit(payments, "PaymentRequestPaid")
          .withArgs(open, other.address, payee.address, AMOUNT, fee, net, treasury.address);
      });

      it("charges the fee in force when it is paid", async function () {
        const { payments, admin, treasury, payer, payee, named } =
          await networkHelpers.loadFixture(requestFixture);
        await payments.connect(admin).setFee(MAX_FEE_BPS);
        const { fee, net } = split(AMOUNT, MAX_FEE_BPS);

        await expect(payments.connect(payer).payRequest(named))
          .to.emit(payments, "PaymentRequestPaid")
          .withArgs(named, payer.address, payee.address, AMOUNT, fee, net, treasury.address);
      });

      it("refuses to pay a request twice", async function () {
        const { payments, payer, other, open } = await networkHelpers.loadFixture(requestFixture);
        await payments.connect(payer).payRequest(open);

        await expect(payments.connect(other).payRequest(open))
          .to.be.revertedWithCustomError(payments, "KCPaymentsRequestNotOpen")
          .withArgs(open, Status.Paid);
      });

      it("refuses a cancelled request", async function () {
        const { payments, payer, payee, named } = await networkHelpers.loadFixture(requestFixture);
        await payments.connect(payee).cancelRequest(named);

        await expect(payments.connect(payer).payRequest(named))
          .to.be.revertedWithCustomError(payments, "KCPaymentsRequestNotOpen")
          .withArgs(named, Status.Cancelled);
      });

      it("refuses an unknown request", async function () {
        const { payments, payer } = await networkHelpers.loadFixture(requestFixture);

        await expect(payments.connect(payer).payRequest(99))
          .to.be.revertedWithCustomError(payments, "KCPaymentsRequestNotFound")
          .withArgs(99);
      });

      it("pays in the last second before the expiry", async function () {
        const { payments, payer, named, expiresAt } =
          await networkHelpers.loadFixture(requestFixture);
        await networkHelpers.time.setNextBlockTimestamp(expiresAt - 1n);

        await expect(payments.connect(payer).payRequest(named)).to.emit(
          payments,
          "PaymentRequestPaid",
        );
      });

      it("refuses to pay at the expiry", async function () {
        const { payments, payer, named, expiresAt } =
          await networkHelpers.loadFixture(requestFixture);
        await networkHelpers.time.setNextBlockTimestamp(expiresAt);

        await expect(payments.connect(payer).payRequest(named))
          .to.be.revertedWithCustomError(payments, "KCPaymentsRequestExpired")
          .withArgs(named, expiresAt, expiresAt);
      });

      it("refuses a payer the request does not name", async function () {
        const { payments, payer, other, named } = await networkHelpers.loadFixture(requestFixture);

        await expect(payments.connect(other).payRequest(named))
          .to.be.revertedWithCustomError(payments, "KCPaymentsNotRequestPayer")
          .withArgs(named, payer.address, other.address);
      });

      it("refuses the payee paying its own open request", async function () {
        const { payments, payee, open } = await networkHelpers.loadFixture(requestFixture);

        await expect(payments.connect(payee).payRequest(open))
          .to.be.revertedWithCustomError(payments, "KCPaymentsSelfPayment")
          .withArgs(payee.address);
      });
    });

    describe("cancelRequest", function () {
      it("lets the payee cancel an open request", async function () {
        const { payments, payee, named } = await networkHelpers.loadFixture(requestFixture);

        await expect(payments.connect(payee).cancelRequest(named))
          .to.emit(payments, "PaymentRequestCancelled")
          .withArgs(named, payee.address);
        expect((await payments.getRequest(named)).status).to.equal(Status.Cancelled);
      });

      it("works while paused and after the expiry", async function () {
        const { payments, admin, payee, named, expiresAt } =
          await networkHelpers.loadFixture(requestFixture);
        await payments.connect(admin).pause();
        await networkHelpers.time.increaseTo(expiresAt + 1n);

        await expect(payments.connect(payee).cancelRequest(named)).to.emit(
          payments,
          "PaymentRequestCancelled",
        );
      });

      it("refuses anyone but the payee", async function () {
        const { payments, payer, payee, named } = await networkHelpers.loadFixture(requestFixture);

        await expect(payments.connect(payer).cancelRequest(named))
          .to.be.revertedWithCustomError(payments, "KCPaymentsNotRequestPayee")
          .withArgs(named, payee.address, payer.address);
      });

      it("refuses an unknown request", async function () {
        const { payments, payee } = await networkHelpers.loadFixture(requestFixture);

        await expect(payments.connect(payee).cancelRequest(7))
          .to.be.revertedWithCustomError(payments, "KCPaymentsRequestNotFound")
          .withArgs(7);
      });

      it("refuses a paid or already cancelled request", async function () {
        const { payments, payer, payee, named, open } =
          await networkHelpers.loadFixture(requestFixture);
        await payments.connect(payer).payRequest(named);
        await payments.connect(payee).cancelRequest(open);

        await expect(payments.connect(payee).cancelRequest(named))
          .to.be.revertedWithCustomError(payments, "KCPaymentsRequestNotOpen")
          .withArgs(named, Status.Paid);
        await expect(payments.connect(payee).cancelRequest(open))
          .to.be.revertedWithCustomError(payments, "KCPaymentsRequestNotOpen")
          .withArgs(open, Status.Cancelled);
      });
    });
  });

  describe("settings", function () {
    it("lets the admin change the fee up to the maximum", async function () {
      const { payments, admin } = await networkHelpers.loadFixture(fixture);

      await expect(payments.connect(admin).setFee(MAX_FEE_BPS))
        .to.emit(payments, "FeeUpdated")
        .withArgs(FEE_BPS, MAX_FEE_BPS);
      expect(await payments.feeBps()).to.equal(MAX_FEE_BPS);
    });

    it("refuses a fee above the maximum", async function () {
      const { payments, admin } = await networkHelpers.loadFixture(fixture);

      await expect(payments.connect(admin).setFee(MAX_FEE_BPS + 1n))
        .to.be.revertedWithCustomError(payments, "KCPaymentsFeeTooHigh")
        .withArgs(MAX_FEE_BPS + 1n, MAX_FEE_BPS);
    });

    it("sends later fees to a new treasury", async function () {
      const { kc, payments, admin, treasury, payer, payee, other } =
        await networkHelpers.loadFixture(fixture);

      await expect(payments.connect(admin).setTreasury(other))
        .to.emit(payments, "TreasuryUpdated")
        .withArgs(treasury.address, other.address);
      await expect(payments.connect(payer).pay(payee, AMOUNT, REF, MEMO)).to.changeTokenBalances(
        ethers,
        kc,
        [treasury, other],
        [0n, split(AMOUNT).fee],
      );
    });

    it("refuses a zero treasury", async function () {
      const { payments, admin } = await networkHelpers.loadFixture(fixture);

      await expect(payments.connect(admin).setTreasury(ZeroAddress))
        .to.be.revertedWithCustomError(payments, "KCPaymentsZeroAddress")
        .withArgs("treasury");
    });

    it("refuses settings from an account without the admin role", async function () {
      const { payments, stranger } = await networkHelpers.loadFixture(fixture);

      await expect(payments.connect(stranger).setFee(0))
        .to.be.revertedWithCustomError(payments, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, DEFAULT_ADMIN_ROLE);
      await expect(payments.connect(stranger).setTreasury(stranger))
        .to.be.revertedWithCustomError(payments, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, DEFAULT_ADMIN_ROLE);
    });
  });
});
