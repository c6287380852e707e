// Gas of the payment contracts, as whole transactions (gasUsed of the
// receipt), beside a plain KC transfer and one `pay` per recipient, all
// measured on the same in-process chain, and beside the checked-in snapshot.
//
//   npm run bench -- payments-gas                      print and check
//   UPDATE_GAS_SNAPSHOT=1 npm run bench -- payments-gas  also rewrite the snapshot
//
// Every account involved already holds KC, so each figure is the steady state
// an integration sees, not the one-off cost of a first balance; the last
// batch row shows the costliest batch (every recipient new to KC), which
// MAX_RECIPIENTS is sized for. Recipients are derived from fixed seeds so the
// calldata, and so the gas, is the same on every run. The "floor" rows show
// what any proxied payment contract must spend, and the "in-token floor"
// rows what a pay built into KC itself would (decision 0015).
//
// NOTE: run `npx hardhat build` after `hardhat test --coverage`: coverage
// leaves instrumented bytecode in artifacts/, which costs more gas.
import path from "node:path";

import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { network } from "hardhat";
import { MaxUint256, type Signer, getAddress, id } from "ethers";

import type { KatyCoin, KatyCoinPayFloor, ProxiedPayFloor } from "../../types/typechain/index.ts";
import { signPermit } from "../../test/helpers/permit.ts";
import { DEFAULT_CAP, KC, deployKatyCoin } from "../../test/helpers/token.ts";
import { FEE_BPS, deployPaymentsSystem } from "../../test/payments/fixtures.ts";
import { FIXED_DEADLINE, type GasTable, gasOf, readSnapshot, writeSnapshot } from "./gas.ts";

const SNAPSHOT_FILE = path.join(import.meta.dirname, "payments-gas.snapshot.json");

/** The targets. */
const PAY_VS_TRANSFER_TARGET = 1.5;
const BATCH_100_VS_PAYS_TARGET = 0.5;

const ATOMIC = 0;
const AMOUNT = 10n * KC;
const NO_REF = "0x" + "00".repeat(32);
const REF = "0x" + "ab".repeat(32);
const MEMO = "order 1042: two coffees";

function ratio(numerator: bigint, denominator: bigint): number {
  return Number(numerator) / Number(denominator);
}

/** `count` addresses that are the same on every run. */
function fixedAddresses(label: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => getAddress(id(`${label}-${i}`).slice(0, 42)));
}

export async function run(): Promise<void> {
  const { ethers, networkHelpers } = await network.create();
  const [admin, treasury, payer, payee, merchant, permitPayer] = await ethers.getSigners();
  const { kc, payments, escrow, batch, subscriptions } = await deployPaymentsSystem(
    ethers,
    admin,
    treasury,
    [payer, payee, merchant, permitPayer],
  );
  const gas: GasTable = {};

  // Finite allowances, as a careful wallet grants them: KC then writes the
  // allowance on every pull, which is the costlier and fairer case.
  const allowance = 1_000_000n * KC;
  for (const spender of [payments, escrow, batch, subscriptions]) {
    await (await kc.connect(payer).approve(spender, allowance)).wait();
  }

  gas["KC transfer"] = await gasOf(kc.connect(payer).transfer(payee, AMOUNT));
  gas["pay, fee on"] = await gasOf(payments.connect(payer).pay(payee, AMOUNT, REF, MEMO));
  await (await payments.connect(admin).setFee(0)).wait();
  gas["pay, fee off"] = await gasOf(payments.connect(payer).pay(payee, AMOUNT, REF, MEMO));
  await (await payments.connect(admin).setFee(FEE_BPS)).wait();

  // With an unlimited allowance KC skips writing the allowance back.
  await (await kc.connect(payer).approve(payments, MaxUint256)).wait();
  gas["pay, fee on, unlimited allowance"] = await gasOf(
    payments.connect(payer).pay(payee, AMOUNT, REF, MEMO),
  );
  await (await kc.connect(payer).approve(payments, allowance)).wait();

  // The floor: a contract behind the same kind of proxy that makes the two
  // transfers and nothing else (test/contracts/bench/ProxiedPayFloor.sol),
  // then the same with pay's event, then without the event and with no
  // allowance to write back. What KCPayments spends above the floor is ours
  // to cut; what the floor spends above a transfer is the price of the proxy
  // and of the fee transfer, which no design that keeps them can avoid.
  const floor = await deployPayFloor(ethers, kc, treasury.address);
  await (await kc.connect(payer).approve(floor, allowance)).wait();
  gas["floor: proxy + 2 transferFroms"] = await gasOf(
    floor.connect(payer).pay(payee, AMOUNT, REF, MEMO),
  );
  gas["floor: proxy + 2 transferFroms + event"] = await gasOf(
    floor.connect(payer).payAndLog(payee, AMOUNT, REF, MEMO),
  );
  await (await kc.connect(payer).approve(floor, MaxUint256)).wait();
  gas["floor: proxy + 2 transferFroms, unlimited allowance"] = await gasOf(
    floor.connect(payer).pay(payee, AMOUNT, REF, MEMO),
  );

  // The one design that gets under the target: pay built into the token
  // (test/contracts/bench/KatyCoinPayFloor.sol). Its own transfer is the
  // baseline, so the larger contract's dispatch weighs on both figures.
  const inToken = await deployKatyCoinPayFloor(ethers, admin, treasury.address);
  for (const holder of [payer, payee, treasury]) {
    await (await inToken.mint(holder, 1_000n * KC)).wait();
  }
  gas["in-token floor: transfer"] = await gasOf(inToken.connect(payer).transfer(payee, AMOUNT));
  gas["in-token floor: pay with event"] = await gasOf(
    inToken.connect(payer).pay(payee, AMOUNT, REF, MEMO),
  );

  // approve + pay as two transactions against payWithPermit as one, each from
  // a payer that starts with no allowance.
  const approve = await gasOf(kc.connect(permitPayer).approve(payments, AMOUNT));
  const payAfterApprove = await gasOf(payments.connect(permitPayer).pay(payee, AMOUNT, REF, MEMO));
  gas["approve + pay (2 transactions)"] = approve + payAfterApprove;
  const signature = await signPermit({
    token: kc,
    signer: permitPayer,
    owner: permitPayer.address,
    spender: await payments.getAddress(),
    value: AMOUNT,
    deadline: FIXED_DEADLINE,
  });
  gas["payWithPermit (1 transaction)"] = await gasOf(
    payments
      .connect(permitPayer)
      .payWithPermit(
        payee,
        AMOUNT,
        REF,
        MEMO,
        FIXED_DEADLINE,
        signature.v,
        signature.r,
        signature.s,
      ),
  );

  const create = await gasOf(
    escrow.connect(payer).create(payee, AMOUNT, FIXED_DEADLINE, merchant, REF),
  );
  const release = await gasOf(escrow.connect(payer).release(await escrow.escrowCount()));
  gas["escrow create + release"] = create + release;

  const period = 30 * 86_400;
  await (await subscriptions.connect(merchant).createPlan(AMOUNT, period)).wait();
  gas["subscribe (pays the first period)"] = await gasOf(subscriptions.connect(payer).subscribe(1));
  await networkHelpers.time.increase(period);
  gas["subscription collect"] = await gasOf(subscriptions.connect(merchant).collect(1));

  const maxRecipients = Number(await batch.MAX_RECIPIENTS());
  const holders = fixedAddresses("holder", maxRecipients);
  for (const holder of holders) await (await kc.mint(holder, 1n)).wait();

  const sizes = [1, 10, 100, maxRecipients];
  for (const size of sizes) {
    const recipients = holders.slice(0, size);

    let separatePays = 0n;
    for (const recipient of recipients) {
      separatePays += await gasOf(payments.connect(payer).pay(recipient, AMOUNT, NO_REF, ""));
    }
    const amounts = recipients.map(() => AMOUNT);
    gas[`${size} separate pays`] = separatePays;
    gas[`batch of ${size}`] = await gasOf(
      batch.connect(payer).payout(ATOMIC, recipients, amounts, REF),
    );
  }

  const newcomers = fixedAddresses("newcomer", maxRecipients);
  gas[`batch of ${maxRecipients}, all new to KC`] = await gasOf(
    batch.connect(payer).payout(
      ATOMIC,
      newcomers,
      newcomers.map(() => AMOUNT),
      REF,
    ),
  );

  const snapshot = readSnapshot(SNAPSHOT_FILE);
  const delta = (operation: string) => {
    const before = snapshot[operation];
    return before === undefined ? "-" : Number(gas[operation]) - before;
  };

  const single = Object.keys(gas).filter((op) => !/batch|separate/.test(op));
  console.table(
    single.map((operation) => ({
      operation,
      gas: Number(gas[operation]),
      "Δ snapshot": delta(operation),
      "vs KC transfer": ratio(gas[operation], gas["KC transfer"]).toFixed(3),
    })),
  );

  const batchRows: Record<string, string | number>[] = sizes.map((size) => ({
    recipients: String(size),
    "batch gas": Number(gas[`batch of ${size}`]),
    "Δ snapshot": delta(`batch of ${size}`),
    "per recipient": Math.round(Number(gas[`batch of ${size}`]) / size),
    "one pay each": Number(gas[`${size} separate pays`]),
    "batch / pays": ratio(gas[`batch of ${size}`], gas[`${size} separate pays`]).toFixed(3),
  }));
  const worst = `batch of ${maxRecipients}, all new to KC`;
  batchRows.push({
    recipients: `${maxRecipients}, all new to KC`,
    "batch gas": Number(gas[worst]),
    "Δ snapshot": delta(worst),
    "per recipient": Math.round(Number(gas[worst]) / maxRecipients),
    "one pay each": "-",
    "batch / pays": "-",
  });
  console.table(batchRows);

  const payRatio = ratio(gas["pay, fee on"], gas["KC transfer"]);
  // The lowest floor: no event and no allowance write. If even that is above
  // the target, no design that keeps the proxy and the fee transfer meets it.
  const floorRatio = ratio(
    gas["floor: proxy + 2 transferFroms, unlimited allowance"],
    gas["KC transfer"],
  );
  const inTokenRatio = ratio(
    gas["in-token floor: pay with event"],
    gas["in-token floor: transfer"],
  );
  const hundredRatio = ratio(gas["batch of 100"], gas["100 separate pays"]);
  const checks = [
    {
      target: `pay with fee <= ${PAY_VS_TRANSFER_TARGET}x a KC transfer`,
      measured: payRatio.toFixed(3),
      result: payRatio <= PAY_VS_TRANSFER_TARGET ? "met" : "MISSED (decision 0015)",
    },
    {
      target: `lowest floor (no event, unlimited allowance) <= ${PAY_VS_TRANSFER_TARGET}x`,
      measured: floorRatio.toFixed(3),
      result:
        floorRatio <= PAY_VS_TRANSFER_TARGET
          ? "met: the pay target is reachable"
          : "MISSED: no design with the proxy and a fee transfer can meet the pay target",
    },
    {
      target: `pay inside the KC token <= ${PAY_VS_TRANSFER_TARGET}x its transfer`,
      measured: inTokenRatio.toFixed(3),
      result:
        inTokenRatio <= PAY_VS_TRANSFER_TARGET
          ? "met: only by moving pay and its fee into the token"
          : "MISSED: not even a pay inside the token meets the pay target",
    },
    {
      target: `100-recipient batch <= ${BATCH_100_VS_PAYS_TARGET}x 100 pays`,
      measured: hundredRatio.toFixed(3),
      result: hundredRatio <= BATCH_100_VS_PAYS_TARGET ? "met" : "MISSED",
    },
  ];
  console.table(checks);
  // Targets are reported, not enforced: the pay target is known to be out of
  // reach (docs/decisions/0015-payments-gas-target.md). What fails the bench
  // is gas growing against the snapshot, below.

  const grown = Object.keys(gas).filter((op) => {
    const change = delta(op);
    return typeof change === "number" && change > 0;
  });
  if (process.env.UPDATE_GAS_SNAPSHOT === "1") {
    writeSnapshot(SNAPSHOT_FILE, gas);
    console.log(`snapshot written to ${path.relative(process.cwd(), SNAPSHOT_FILE)}`);
  } else if (grown.length > 0) {
    console.error(
      `payments-gas: gas grew against the snapshot for: ${grown.join(", ")}. ` +
        "If intended, rerun with UPDATE_GAS_SNAPSHOT=1 and commit the snapshot.",
    );
    process.exitCode = 1;
  }
}

/** {@link ProxiedPayFloor} behind an ERC-1967 proxy, with the fixtures' fee. */
async function deployPayFloor(
  ethers: HardhatEthers,
  kc: KatyCoin,
  treasury: string,
): Promise<ProxiedPayFloor> {
  const implementation = await ethers.deployContract("ProxiedPayFloor", [
    await kc.getAddress(),
    treasury,
    FEE_BPS,
  ]);
  const proxy = await ethers.deployContract("ERC1967Proxy", [
    await implementation.getAddress(),
    implementation.interface.encodeFunctionData("feeBps"),
  ]);

  return ethers.getContractAt("ProxiedPayFloor", await proxy.getAddress());
}

/** {@link KatyCoinPayFloor} behind an ERC-1967 proxy, with the fixtures' fee. */
async function deployKatyCoinPayFloor(
  ethers: HardhatEthers,
  admin: Signer,
  treasury: string,
): Promise<KatyCoinPayFloor> {
  const implementation = await ethers.deployContract(
    "KatyCoinPayFloor",
    [treasury, FEE_BPS],
    admin,
  );
  const token = await deployKatyCoin(ethers, admin, DEFAULT_CAP, implementation);

  return ethers.getContractAt("KatyCoinPayFloor", await token.getAddress(), admin);
}
