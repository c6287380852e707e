// Gas of the payment contracts, as whole transactions (gasUsed of the
// receipt), beside the plain KC transfer and one `pay` per recipient, all
// measured in the same in-process chain.
//
//   npm run bench -- payments-gas
//
// Every account involved already holds KC, so each figure is the steady state
// an integration sees, not the one-off cost of a first balance; the last row
// shows the costliest batch (every recipient new to KC) that MAX_RECIPIENTS
// is sized for.
import { network } from "hardhat";
import { MaxUint256, Wallet } from "ethers";
import type { ContractTransactionResponse } from "ethers";

import { signPermit } from "../../test/helpers/permit.ts";
import { KC } from "../../test/helpers/token.ts";
import { deployPaymentsSystem } from "../../test/payments/fixtures.ts";

/** The targets. */
const PAY_VS_TRANSFER_TARGET = 1.5;
const BATCH_100_VS_PAYS_TARGET = 0.5;

const ATOMIC = 0;
const AMOUNT = 10n * KC;
const NO_REF = "0x" + "00".repeat(32);
const REF = "0x" + "ab".repeat(32);
const MEMO = "order 1042: two coffees";

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("the transaction was dropped");
  return receipt.gasUsed;
}

function ratio(numerator: bigint, denominator: bigint): number {
  return Number(numerator) / Number(denominator);
}

export async function run(): Promise<void> {
  const { ethers, networkHelpers } = await network.create();
  const [admin, treasury, payer, payee, merchant, permitPayer] = await ethers.getSigners();
  const system = await deployPaymentsSystem(ethers, admin, treasury, [
    payer,
    payee,
    merchant,
    permitPayer,
  ]);
  const { kc, payments, escrow, batch, subscriptions } = system;

  // Finite allowances, as a careful wallet grants them: KC then writes the
  // allowance on every pull, which is the costlier and fairer case.
  const allowance = 1_000_000n * KC;
  for (const spender of [payments, escrow, batch, subscriptions]) {
    await (await kc.connect(payer).approve(spender, allowance)).wait();
  }

  const transfer = await gasOf(kc.connect(payer).transfer(payee, AMOUNT));
  const pay = await gasOf(payments.connect(payer).pay(payee, AMOUNT, REF, MEMO));
  await (await payments.connect(admin).setFee(0)).wait();
  const payNoFee = await gasOf(payments.connect(payer).pay(payee, AMOUNT, REF, MEMO));
  await (await payments.connect(admin).setFee(50)).wait();

  // With an unlimited allowance KC skips writing the allowance back.
  await (await kc.connect(payer).approve(payments, MaxUint256)).wait();
  const payUnlimited = await gasOf(payments.connect(payer).pay(payee, AMOUNT, REF, MEMO));
  await (await kc.connect(payer).approve(payments, allowance)).wait();

  // approve + pay as two transactions against payWithPermit as one, each from
  // a payer that starts with no allowance.
  const approve = await gasOf(kc.connect(permitPayer).approve(payments, AMOUNT));
  const payAfterApprove = await gasOf(payments.connect(permitPayer).pay(payee, AMOUNT, REF, MEMO));
  const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
  const signature = await signPermit({
    token: kc,
    signer: permitPayer,
    owner: permitPayer.address,
    spender: await payments.getAddress(),
    value: AMOUNT,
    deadline,
  });
  const payWithPermit = await gasOf(
    payments
      .connect(permitPayer)
      .payWithPermit(payee, AMOUNT, REF, MEMO, deadline, signature.v, signature.r, signature.s),
  );

  const escrowDeadline = BigInt(await networkHelpers.time.latest()) + 86_400n;
  const create = await gasOf(
    escrow.connect(payer).create(payee, AMOUNT, escrowDeadline, merchant, REF),
  );
  const release = await gasOf(escrow.connect(payer).release(await escrow.escrowCount()));

  const period = 30 * 86_400;
  await (await subscriptions.connect(merchant).createPlan(AMOUNT, period)).wait();
  const subscribe = await gasOf(subscriptions.connect(payer).subscribe(1));
  await networkHelpers.time.increase(period);
  const collect = await gasOf(subscriptions.connect(merchant).collect(1));

  const rows: Record<string, string | number>[] = [
    { operation: "KC transfer (baseline)", gas: Number(transfer), "vs transfer": "1.000" },
    row("pay, fee on", pay, transfer),
    row("pay, fee off", payNoFee, transfer),
    row("pay, fee on, unlimited allowance", payUnlimited, transfer),
    row("approve + pay (2 transactions)", approve + payAfterApprove, transfer),
    row("payWithPermit (1 transaction)", payWithPermit, transfer),
    row("escrow create + release", create + release, transfer),
    row("subscribe (pays the first period)", subscribe, transfer),
    row("subscription collect", collect, transfer),
  ];
  console.table(rows);

  const maxRecipients = Number(await batch.MAX_RECIPIENTS());
  const holders = Array.from({ length: maxRecipients }, () => Wallet.createRandom().address);
  for (const holder of holders) await (await kc.mint(holder, 1n)).wait();

  const batchRows: Record<string, string | number>[] = [];
  let hundredRatio = Number.NaN;
  for (const size of [1, 10, 100, maxRecipients]) {
    const recipients = holders.slice(0, size);

    let separatePays = 0n;
    for (const recipient of recipients) {
      separatePays += await gasOf(payments.connect(payer).pay(recipient, AMOUNT, NO_REF, ""));
    }
    const amounts = recipients.map(() => AMOUNT);
    const batchGas = await gasOf(batch.connect(payer).payout(ATOMIC, recipients, amounts, REF));

    const vsPays = ratio(batchGas, separatePays);
    if (size === 100) hundredRatio = vsPays;
    batchRows.push({
      recipients: size,
      "batch gas": Number(batchGas),
      "per recipient": Math.round(Number(batchGas) / size),
      "one pay each": Number(separatePays),
      "batch / pays": vsPays.toFixed(3),
    });
  }

  const newcomers = Array.from({ length: maxRecipients }, () => Wallet.createRandom().address);
  const worstBatch = await gasOf(
    batch.connect(payer).payout(
      ATOMIC,
      newcomers,
      newcomers.map(() => AMOUNT),
      REF,
    ),
  );
  batchRows.push({
    recipients: `${maxRecipients}, all new to KC`,
    "batch gas": Number(worstBatch),
    "per recipient": Math.round(Number(worstBatch) / maxRecipients),
    "one pay each": "-",
    "batch / pays": "-",
  });
  console.table(batchRows);

  const payRatio = ratio(pay, transfer);
  const checks = [
    {
      target: `pay with fee <= ${PAY_VS_TRANSFER_TARGET}x a KC transfer`,
      measured: payRatio.toFixed(3),
      result: payRatio <= PAY_VS_TRANSFER_TARGET ? "PASS" : "FAIL",
    },
    {
      target: `100-recipient batch <= ${BATCH_100_VS_PAYS_TARGET}x 100 pays`,
      measured: hundredRatio.toFixed(3),
      result: hundredRatio <= BATCH_100_VS_PAYS_TARGET ? "PASS" : "FAIL",
    },
  ];
  console.table(checks);

  if (checks.some((check) => check.result === "FAIL")) process.exitCode = 1;
}

function row(operation: string, gas: bigint, transfer: bigint): Record<string, string | number> {
  return { operation, gas: Number(gas), "vs transfer": ratio(gas, transfer).toFixed(3) };
}
