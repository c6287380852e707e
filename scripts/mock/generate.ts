/**
 * The mock data generator: drives a deterministic, realistic history through
 * the real KC contracts on a local node.
 *
 * Same seed, same node state before the run (a fresh `npm run chain`), same
 * history: accounts come from the seed, every choice from a seeded generator,
 * and every block's timestamp is set before it is mined
 * (evm_setNextBlockTimestamp), so deadlines, expiries and subscription periods
 * land alike. Automine is off while it runs: independent transactions (explicit
 * nonces, gas limits and fees) wait in the node's pool until a block is full
 * (transactionsPerBlock), then `evm_mine` mines them together and their
 * receipts are read back in the order they were sent.
 *
 * Library use (the indexer's tests and `npm start` call it):
 *
 *   const summary = await generateMockHistory({ rpc: "http://127.0.0.1:8545", record, seed: "demo", events: 2_000 });
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { Interface, MaxUint256, Signature, encodeBytes32String, id, type Log } from "ethers";

import { readChainFacts } from "../../deploy/chain.ts";
import {
  assertRecordMatchesChain,
  contractRecord,
  type DeploymentRecord,
} from "../../deploy/record.ts";
import { assertLocalChain } from "../sandbox/local-chain.ts";
import { httpRpc, toQuantity, type Rpc } from "../sandbox/rpc.ts";
import { deriveAccounts, PROFILES, type MockAccount, type Profile } from "./accounts.ts";
import { SeededRandom } from "./random.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The first block of a history is at this time (2030-03-17) unless the chain is already later. */
export const MOCK_EPOCH = 1_900_000_000;

const DAY = 86_400;

/** Seconds between two blocks: every block moves the clock by this much. */
const MIN_STEP = 12;
const MAX_STEP = 900;
const KC = 10n ** 18n;

/** Transactions in one block unless a dependency or the block gas limit closes it earlier. */
export const DEFAULT_TRANSACTIONS_PER_BLOCK = 25;

/** Gas limits given to each transaction: nothing is estimated against the pending block. */
const GAS = 1_000_000;
const GAS_LARGE = 3_000_000;

/** Equal fees for every transaction, so no transaction outbids another in its block. */
const MAX_FEE_PER_GAS = 1_000_000_000_000n;
const MAX_PRIORITY_FEE_PER_GAS = 1_000_000_000n;

/** The generator cannot run as asked; the message says why. */
export class MockDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MockDataError";
  }
}

export interface MockOptions {
  /** The node: a URL or an {@link Rpc}. It must be a local Hardhat node. */
  rpc: string | Rpc;
  /** The deployment record of that node (the contracts to drive). */
  record: DeploymentRecord;
  seed: string;
  /** Stop once at least this many events (logs) were created. */
  events: number;
  /** How many accounts to derive (default: from 24 up, one per 150 events, at most 200). */
  accounts?: number;
  /** At most this many transactions per block (default {@link DEFAULT_TRANSACTIONS_PER_BLOCK}). */
  transactionsPerBlock?: number;
  /** Called after every transaction with the events created so far. */
  onProgress?: (eventsSoFar: number, target: number) => void;
}

export interface MockSummary {
  seed: string;
  accounts: Record<Profile, number>;
  transactions: number;
  /** Transactions that reverted on purpose (late payments of expired requests). */
  failedTransactions: number;
  events: number;
  eventsByName: Record<string, number>;
  /** What the generated history holds, in the words of the domain. */
  activity: Record<string, number>;
  fromBlock: number;
  toBlock: number;
  /** Blocks mined, fromBlock to toBlock. */
  blocks: number;
  fromTime: number;
  toTime: number;
  durationMs: number;
}

interface SendOptions {
  /** The transaction is meant to revert (a late payment). */
  expectRevert?: boolean;
  /** The most it takes from the sender's tokens. */
  debit?: bigint;
  /** What it touches that a later transaction of the same block must not. */
  keys?: string[];
  gas?: number;
  /** Reads ids from its logs once it is mined. */
  onMined?: (logs: Log[]) => void;
}

interface PendingTransaction {
  hash: string;
  fn: string;
  from: string;
  expectRevert: boolean;
  options: SendOptions;
}

interface Contracts {
  token: string;
  payments: string;
  escrow: string;
  batch: string;
  subscriptions: string;
}

interface OpenRequest {
  id: bigint;
  payee: string;
  payer: string;
  expiresAt: number;
}

interface OpenEscrow {
  id: bigint;
  payer: string;
  payee: string;
  arbiter: string;
  deadline: number;
  disputed: boolean;
}

const ACTION_WEIGHTS = {
  transfer: 24,
  approve: 4,
  permit: 3,
  mint: 2,
  burn: 2,
  pay: 16,
  payWithPermit: 3,
  createRequest: 8,
  payRequest: 8,
  cancelRequest: 1,
  payExpiredRequest: 1,
  createEscrow: 6,
  settleEscrow: 6,
  payroll: 2,
  subscribe: 2,
  collect: 3,
  cancelSubscription: 1,
  drainSubscriber: 1,
} as const;

type Action = keyof typeof ACTION_WEIGHTS;

const MEMOS = [
  "coffee",
  "invoice 2030-03",
  "rent share",
  "thanks!",
  "order #1182",
  "consulting, 2h",
  "refund of deposit",
  "",
];

/** Loads an ABI from the build; the generator needs `npx hardhat build` to have run. */
function loadAbi(path: string): Interface {
  try {
    return new Interface(JSON.parse(readFileSync(join(ROOT, "artifacts", path), "utf8")).abi);
  } catch {
    throw new MockDataError(`artifacts/${path} is missing: run \`npx hardhat build\` first`);
  }
}

export async function generateMockHistory(options: MockOptions): Promise<MockSummary> {
  const started = Date.now();
  const rpc = typeof options.rpc === "string" ? httpRpc(options.rpc) : options.rpc;

  if (!Number.isSafeInteger(options.events) || options.events < 1) {
    throw new MockDataError(`events must be a positive whole number, not ${options.events}`);
  }
  const perBlock = options.transactionsPerBlock ?? DEFAULT_TRANSACTIONS_PER_BLOCK;
  if (!Number.isSafeInteger(perBlock) || perBlock < 1) {
    throw new MockDataError(
      `transactionsPerBlock must be a positive whole number, not ${options.transactionsPerBlock}`,
    );
  }

  await assertLocalChain(rpc, "mock");
  const facts = await readChainFacts({ send: (method, params) => rpc.request(method, params) });
  assertRecordMatchesChain(options.record, facts);

  const generator = new HistoryGenerator(rpc, options, facts.chainId, perBlock);
  const automine = await rpc.request<boolean>("hardhat_getAutomine", []);
  await rpc.request("evm_setAutomine", [false]);
  try {
    await generator.setUp();
    await generator.run();
    await generator.flush();
  } catch (error) {
    await generator.dropPending();
    throw error;
  } finally {
    await rpc.request("evm_setAutomine", [automine]);
  }
  return generator.summary(Date.now() - started);
}

class HistoryGenerator {
  private readonly random: SeededRandom;
  private readonly contracts: Contracts;
  private readonly deployer: string;
  private readonly accounts: MockAccount[];

  private readonly token = loadAbi("contracts/token/KatyCoin.sol/KatyCoin.json");
  private readonly payments = loadAbi("contracts/payments/KCPayments.sol/KCPayments.json");
  private readonly escrow = loadAbi("contracts/payments/KCEscrow.sol/KCEscrow.json");
  private readonly batch = loadAbi("contracts/payments/KCBatchPayouts.sol/KCBatchPayouts.json");
  private readonly subscriptions = loadAbi(
    "contracts/payments/KCSubscriptions.sol/KCSubscriptions.json",
  );

  private time = 0;
  private fromBlock = 0;
  private lastBlock = 0;
  private blocks = 0;
  private blockGasLimit = 0;

  /** The block being filled: sent, not mined yet. */
  private readonly pending: PendingTransaction[] = [];
  private pendingGas = 0;
  /** What the pending block already touches: a transaction sharing a key waits for the next one. */
  private readonly pendingKeys = new Set<string>();
  /** Tokens the pending block takes from each account; credits count once mined. */
  private readonly pendingDebits = new Map<string, bigint>();
  private readonly nonces = new Map<string, number>();
  private fromTime = 0;
  private transactions = 0;
  private failedTransactions = 0;
  private events = 0;
  private readonly eventsByName: Record<string, number> = {};
  private readonly activity: Record<string, number> = {};

  private readonly balances = new Map<string, bigint>();
  private readonly permitNonces = new Map<string, bigint>();
  /** Accounts whose allowance to KCPayments a permit replaced (a permit sets, not adds). */
  private readonly paymentsAllowanceSpent = new Set<string>();
  private readonly openRequests: OpenRequest[] = [];
  private readonly expiredRequests: OpenRequest[] = [];
  private readonly openEscrows: OpenEscrow[] = [];
  private readonly plans: { id: bigint; merchant: string; amount: bigint }[] = [];
  private readonly activeSubscriptions: { id: bigint; subscriber: string }[] = [];

  private readonly rpc: Rpc;
  private readonly options: MockOptions;
  private readonly chainId: number;
  private readonly perBlock: number;

  constructor(rpc: Rpc, options: MockOptions, chainId: number, perBlock: number) {
    this.rpc = rpc;
    this.options = options;
    this.chainId = chainId;
    this.perBlock = perBlock;
    this.random = new SeededRandom(options.seed);
    this.deployer = options.record.deployer;
    const address = (name: string) => contractRecord(options.record, name).proxy;
    this.contracts = {
      token: address("KatyCoin"),
      payments: address("KCPayments"),
      escrow: address("KCEscrow"),
      batch: address("KCBatchPayouts"),
      subscriptions: address("KCSubscriptions"),
    };

    const count = options.accounts ?? Math.min(200, Math.max(24, Math.round(options.events / 150)));
    this.accounts = deriveAccounts(options.seed, count, this.random);
  }

  private byProfile(profile: Profile): MockAccount[] {
    return this.accounts.filter((account) => account.profile === profile);
  }

  private active(): MockAccount[] {
    return this.accounts.filter((account) => account.profile !== "inactive");
  }

  // ---------------------------------------------------------------- set-up

  async setUp(): Promise<void> {
    const head = await this.rpc.request<{ number: string; timestamp: string; gasLimit: string }>(
      "eth_getBlockByNumber",
      ["latest", false],
    );
    this.fromBlock = Number(head.number) + 1;
    this.lastBlock = Number(head.number);
    this.blockGasLimit = Number(head.gasLimit);
    this.time = Math.max(MOCK_EPOCH, Number(head.timestamp) + 1);
    this.fromTime = this.time;

    const minter = await this.call(this.contracts.token, this.token, "hasRole", [
      id("MINTER_ROLE"),
      this.deployer,
    ]);
    if (minter[0] !== true) {
      throw new MockDataError(
        `the deployer ${this.deployer} no longer holds MINTER_ROLE: mock data needs a fresh local deployment`,
      );
    }

    for (const address of [this.deployer, ...this.accounts.map((account) => account.address)]) {
      await this.rpc.request("hardhat_impersonateAccount", [address]);
      await this.rpc.request("hardhat_setBalance", [address, toQuantity(10n ** 24n)]);
    }

    const funding: Record<Profile, [number, number]> = {
      whale: [2_000_000, 5_000_000],
      payroll: [200_000, 400_000],
      merchant: [5_000, 20_000],
      subscriber: [500, 3_000],
      casual: [2_000, 15_000],
      inactive: [10, 200],
    };
    for (const account of this.accounts) {
      const [min, max] = funding[account.profile];
      await this.mint(account.address, this.random.kc(min, max));
    }

    for (const account of this.active()) {
      for (const spender of [this.contracts.payments, this.contracts.escrow]) {
        await this.send(account.address, this.contracts.token, this.token, "approve", [
          spender,
          MaxUint256,
        ]);
      }
    }
    for (const account of this.byProfile("payroll")) {
      await this.send(account.address, this.contracts.token, this.token, "approve", [
        this.contracts.batch,
        MaxUint256,
      ]);
    }
    for (const account of this.byProfile("subscriber")) {
      await this.send(account.address, this.contracts.token, this.token, "approve", [
        this.contracts.subscriptions,
        MaxUint256,
      ]);
    }

    for (const merchant of this.byProfile("merchant")) {
      const plans = this.random.int(1, 2);
      for (let i = 0; i < plans; i++) await this.createPlan(merchant.address);
    }
    // Subscribers choose among the plans, whose ids come from their receipts.
    await this.flush();
    for (const subscriber of this.byProfile("subscriber")) {
      await this.subscribe(subscriber.address);
    }
  }

  // ------------------------------------------------------------ main loop

  async run(): Promise<void> {
    while (this.events < this.options.events) {
      const action = this.random.weighted(ACTION_WEIGHTS);
      if (!(await this.perform(action))) await this.transfer();
    }
  }

  /** Performs `action`; false when its preconditions do not hold right now. */
  private async perform(action: Action): Promise<boolean> {
    switch (action) {
      case "transfer":
        return this.transfer();
      case "approve":
        return this.approve();
      case "permit":
        return this.permit();
      case "mint":
        return this.mintToSomeone();
      case "burn":
        return this.burn();
      case "pay":
        return this.pay(false);
      case "payWithPermit":
        return this.pay(true);
      case "createRequest":
        return this.createRequest();
      case "payRequest":
        return this.payRequest();
      case "cancelRequest":
        return this.cancelRequest();
      case "payExpiredRequest":
        return this.payExpiredRequest();
      case "createEscrow":
        return this.createEscrow();
      case "settleEscrow":
        return this.settleEscrow();
      case "payroll":
        return this.payroll();
      case "subscribe":
        return this.subscribe(this.random.pick(this.byProfile("subscriber")).address);
      case "collect":
        return this.collect();
      case "cancelSubscription":
        return this.cancelSubscription();
      case "drainSubscriber":
        return this.drainSubscriber();
    }
  }

  /** An active account that holds at least `amount`, or undefined. */
  private payerWith(amount: bigint, profiles: Profile[] = ["casual", "whale", "merchant"]) {
    const candidates = this.accounts.filter(
      (account) => profiles.includes(account.profile) && this.balanceOf(account.address) >= amount,
    );
    return candidates.length === 0 ? undefined : this.random.pick(candidates);
  }

  private otherThan(account: string, profiles: Profile[]): MockAccount {
    const candidates = this.accounts.filter(
      (other) => profiles.includes(other.profile) && other.address !== account,
    );
    return this.random.pick(candidates);
  }

  /** The mined balance less what the pending block takes: a choice made on it cannot overdraw. */
  private balanceOf(address: string): bigint {
    const key = address.toLowerCase();
    return (this.balances.get(key) ?? 0n) - (this.pendingDebits.get(key) ?? 0n);
  }

  private reference(kind: string): string {
    return encodeBytes32String(`${kind}-${String(this.transactions).padStart(8, "0")}`);
  }

  private count(name: string, by = 1): void {
    this.activity[name] = (this.activity[name] ?? 0) + by;
  }

  // --------------------------------------------------------------- token

  private async transfer(): Promise<boolean> {
    const amount = this.random.kc(1, 250);
    const from = this.payerWith(amount);
    if (from === undefined) return this.mintToSomeone();

    const to = this.otherThan(from.address, ["casual", "merchant", "subscriber", "whale"]);
    await this.send(
      from.address,
      this.contracts.token,
      this.token,
      "transfer",
      [to.address, amount],
      { debit: amount },
    );
    this.count("transfers");
    return true;
  }

  private async approve(): Promise<boolean> {
    const owner = this.random.pick(this.byProfile("casual"));
    const spender = this.otherThan(owner.address, ["merchant", "casual"]);
    await this.send(owner.address, this.contracts.token, this.token, "approve", [
      spender.address,
      this.random.kc(10, 1_000),
    ]);
    this.count("approvals");
    return true;
  }

  private async permit(): Promise<boolean> {
    const owner = this.random.pick(this.byProfile("casual"));
    const spender = this.otherThan(owner.address, ["merchant"]);
    const value = this.random.kc(10, 500);
    const { deadline, v, r, s } = await this.signPermit(owner, spender.address, value);

    // A relayer (here the spender) submits the owner's signature.
    await this.send(
      spender.address,
      this.contracts.token,
      this.token,
      "permit",
      [owner.address, spender.address, value, deadline, v, r, s],
      { keys: [`permit:${owner.address}`] },
    );
    this.count("permits");
    return true;
  }

  private async mintToSomeone(): Promise<boolean> {
    const to = this.random.pick(this.active());
    await this.mint(to.address, this.random.kc(100, 5_000));
    this.count("mints");
    return true;
  }

  private async burn(): Promise<boolean> {
    const amount = this.random.kc(1, 50);
    const from = this.payerWith(amount, ["casual", "whale"]);
    if (from === undefined) return false;

    await this.send(from.address, this.contracts.token, this.token, "burn", [amount], {
      debit: amount,
    });
    this.count("burns");
    return true;
  }

  private async mint(to: string, amount: bigint): Promise<void> {
    await this.send(this.deployer, this.contracts.token, this.token, "mint", [to, amount]);
  }

  private async signPermit(owner: MockAccount, spender: string, value: bigint) {
    // The owner's permit nonce: two permits of one owner never share a block.
    await this.waitFor(`permit:${owner.address}`);
    const key = owner.address.toLowerCase();
    let nonce = this.permitNonces.get(key);
    if (nonce === undefined) {
      nonce = (
        await this.call(this.contracts.token, this.token, "nonces", [owner.address])
      )[0] as bigint;
    }
    this.permitNonces.set(key, nonce + 1n);

    const deadline = BigInt(this.time + DAY);
    const signature = await owner.wallet.signTypedData(
      {
        name: "Katy Coin",
        version: "1",
        chainId: this.chainId,
        verifyingContract: this.contracts.token,
      },
      {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      },
      { owner: owner.address, spender, value, nonce, deadline },
    );
    const { v, r, s } = Signature.from(signature);
    return { deadline, v, r, s };
  }

  // ------------------------------------------------------------ payments

  private async pay(withPermit: boolean): Promise<boolean> {
    const amount = this.random.kc(5, 400);
    const payer = this.payerWith(
      amount,
      withPermit ? ["casual"] : ["casual", "whale", "subscriber"],
    );
    if (payer === undefined) return false;

    const payee = this.otherThan(payer.address, ["merchant"]);
    const ref = this.reference("ORDER");
    const memo = this.random.pick(MEMOS);

    if (withPermit) {
      const { deadline, v, r, s } = await this.signPermit(payer, this.contracts.payments, amount);
      await this.send(
        payer.address,
        this.contracts.payments,
        this.payments,
        "payWithPermit",
        [payee.address, amount, ref, memo, deadline, v, r, s],
        { debit: amount, keys: [`permit:${payer.address}`] },
      );
      this.paymentsAllowanceSpent.add(payer.address);
      this.count("paymentsWithPermit");
    } else {
      await this.restorePaymentsAllowance(payer.address);
      await this.send(
        payer.address,
        this.contracts.payments,
        this.payments,
        "pay",
        [payee.address, amount, ref, memo],
        { debit: amount },
      );
    }
    this.count("payments");
    return true;
  }

  /** After paying with a permit, a user approves KCPayments again before paying the usual way. */
  private async restorePaymentsAllowance(account: string): Promise<void> {
    if (!this.paymentsAllowanceSpent.delete(account)) return;

    await this.send(account, this.contracts.token, this.token, "approve", [
      this.contracts.payments,
      MaxUint256,
    ]);
    this.count("approvals");
  }

  private async createRequest(): Promise<boolean> {
    const merchant = this.random.pick(this.byProfile("merchant"));
    const payer = this.random.chance(0.6)
      ? this.otherThan(merchant.address, ["casual", "whale"]).address
      : "0x0000000000000000000000000000000000000000";
    const expiresAt = this.time + this.random.int(DAY / 2, 3 * DAY);

    // The request can be paid from the next block on, once its id is read from the receipt.
    await this.send(
      merchant.address,
      this.contracts.payments,
      this.payments,
      "createRequest",
      [this.random.kc(10, 300), payer, expiresAt, this.reference("INV")],
      {
        onMined: (logs) => {
          const id = this.eventArg(logs, this.payments, "PaymentRequestCreated", 0);
          this.openRequests.push({ id, payee: merchant.address, payer, expiresAt });
        },
      },
    );
    this.count("requestsCreated");
    return true;
  }

  /**
   * Moves requests out of the open list once they may have expired by the
   * next block (the clock moves up to MAX_STEP per block).
   */
  private expireRequests(): void {
    for (let i = this.openRequests.length - 1; i >= 0; i--) {
      if (this.openRequests[i].expiresAt <= this.time + MAX_STEP) {
        this.expiredRequests.push(...this.openRequests.splice(i, 1));
        this.count("requestsExpired");
      }
    }
  }

  private async payRequest(): Promise<boolean> {
    this.expireRequests();
    // Some requests are never paid and expire: not every open one is picked.
    if (this.openRequests.length === 0 || this.random.chance(0.25)) return false;

    const index = this.random.int(0, this.openRequests.length - 1);
    const request = this.openRequests[index];
    const payer =
      request.payer === "0x0000000000000000000000000000000000000000"
        ? this.otherThan(request.payee, ["casual", "whale"]).address
        : request.payer;
    if (this.balanceOf(payer) < 300n * KC) return false;

    this.openRequests.splice(index, 1);
    await this.restorePaymentsAllowance(payer);
    // A request asks for at most 300 KC (createRequest).
    await this.send(payer, this.contracts.payments, this.payments, "payRequest", [request.id], {
      debit: 300n * KC,
    });
    this.count("requestsPaid");
    return true;
  }

  private async cancelRequest(): Promise<boolean> {
    this.expireRequests();
    if (this.openRequests.length === 0) return false;

    const [request] = this.openRequests.splice(this.random.int(0, this.openRequests.length - 1), 1);
    await this.send(request.payee, this.contracts.payments, this.payments, "cancelRequest", [
      request.id,
    ]);
    this.count("requestsCancelled");
    return true;
  }

  /** An error scenario: someone pays a request after it expired; the transaction reverts. */
  private async payExpiredRequest(): Promise<boolean> {
    this.expireRequests();
    // Strictly before: the pending block runs at this.time itself.
    const expired = this.expiredRequests.filter((request) => request.expiresAt < this.time);
    if (expired.length === 0) return false;

    const request = this.random.pick(expired);
    const payer =
      request.payer === "0x0000000000000000000000000000000000000000"
        ? this.otherThan(request.payee, ["casual"]).address
        : request.payer;
    await this.send(payer, this.contracts.payments, this.payments, "payRequest", [request.id], {
      expectRevert: true,
    });
    this.count("latePaymentsRejected");
    return true;
  }

  // --------------------------------------------------------------- escrow

  private async createEscrow(): Promise<boolean> {
    const amount = this.random.kc(50, 2_000);
    const payer = this.payerWith(amount, ["casual", "whale"]);
    if (payer === undefined) return false;

    const payee = this.otherThan(payer.address, ["merchant"]);
    const withArbiter = this.random.chance(0.7);
    const arbiter = withArbiter
      ? this.otherThan(payer.address, ["whale"]).address
      : "0x0000000000000000000000000000000000000000";
    if (arbiter === payee.address) return false;
    const deadline = this.time + this.random.int(DAY, 5 * DAY);

    await this.send(
      payer.address,
      this.contracts.escrow,
      this.escrow,
      "create",
      [payee.address, amount, deadline, arbiter, this.reference("ESC")],
      {
        debit: amount,
        onMined: (logs) => {
          this.openEscrows.push({
            id: this.eventArg(logs, this.escrow, "EscrowCreated", 0),
            payer: payer.address,
            payee: payee.address,
            arbiter,
            deadline,
            disputed: false,
          });
        },
      },
    );
    this.count("escrowsCreated");
    return true;
  }

  private async settleEscrow(): Promise<boolean> {
    if (this.openEscrows.length === 0) return false;

    const index = this.random.int(0, this.openEscrows.length - 1);
    const escrow = this.openEscrows[index];
    const key = `escrow:${escrow.id}`;
    await this.waitFor(key);
    // The transaction runs at this.time (the pending block) or up to MAX_STEP
    // later (the next block): only choose what is sure to hold then.
    const surelyPast = this.time > escrow.deadline;
    const surelyBefore = escrow.deadline > this.time + MAX_STEP;

    if (escrow.disputed) {
      const amount = (
        await this.call(this.contracts.escrow, this.escrow, "getEscrow", [escrow.id])
      )[0].amount as bigint;
      const toPayee = (amount * BigInt(this.random.int(0, 100))) / 100n;
      this.openEscrows.splice(index, 1);
      await this.send(
        escrow.arbiter,
        this.contracts.escrow,
        this.escrow,
        "settle",
        [escrow.id, toPayee],
        { keys: [key] },
      );
      this.count("escrowsSettled");
      return true;
    }

    const hasArbiter = escrow.arbiter !== "0x0000000000000000000000000000000000000000";
    const outcome = this.random.weighted({
      release: surelyPast ? 3 : 6,
      refund: surelyPast ? 1 : 2,
      reclaim: surelyPast ? 2 : 0,
      dispute: surelyBefore && hasArbiter ? 2 : 0,
    });

    if (outcome === "dispute") {
      escrow.disputed = true;
      const by = this.random.chance(0.5) ? escrow.payer : escrow.payee;
      await this.send(by, this.contracts.escrow, this.escrow, "dispute", [escrow.id], {
        keys: [key],
      });
      this.count("escrowsDisputed");
      return true;
    }

    this.openEscrows.splice(index, 1);
    const caller = outcome === "refund" ? escrow.payee : escrow.payer;
    await this.send(caller, this.contracts.escrow, this.escrow, outcome, [escrow.id], {
      keys: [key],
    });
    this.count(
      { release: "escrowsReleased", refund: "escrowsRefunded", reclaim: "escrowsReclaimed" }[
        outcome
      ],
    );
    return true;
  }

  // -------------------------------------------------------------- payroll

  private async payroll(): Promise<boolean> {
    const payer = this.random.pick(this.byProfile("payroll"));
    // Subscribers are on payrolls too: their income keeps most collections paying.
    const staff = this.accounts.filter(
      (account) => account.profile === "casual" || account.profile === "subscriber",
    );
    const size = Math.min(staff.length, this.random.int(3, 15));
    const recipients: string[] = [];
    const amounts: bigint[] = [];

    for (let i = 0; i < size; i++) {
      recipients.push(staff[(i + this.random.int(0, staff.length - 1)) % staff.length].address);
      amounts.push(this.random.kc(500, 4_000));
    }
    const total = amounts.reduce((sum, amount) => sum + amount, 0n);
    if (this.balanceOf(payer.address) < total) {
      await this.mint(payer.address, total * 4n);
      this.count("mints");
      // The payout spends the minted tokens: they must be mined first.
      await this.flush();
    }

    // Partial mode with one bad item (a zero amount) now and then: the batch
    // goes ahead and the item is reported as failed.
    const partial = this.random.chance(0.3);
    if (partial) amounts[this.random.int(0, size - 1)] = 0n;

    await this.send(
      payer.address,
      this.contracts.batch,
      this.batch,
      "payout",
      [partial ? 1 : 0, recipients, amounts, this.reference("PAYROLL")],
      { debit: total, gas: GAS_LARGE },
    );
    this.count("payrolls");
    return true;
  }

  // -------------------------------------------------------- subscriptions

  private async createPlan(merchant: string): Promise<void> {
    const period = this.random.pick([7 * DAY, 30 * DAY]);
    const amount = this.random.kc(5, 60);
    await this.send(
      merchant,
      this.contracts.subscriptions,
      this.subscriptions,
      "createPlan",
      [amount, period],
      {
        onMined: (logs) => {
          this.plans.push({
            id: this.eventArg(logs, this.subscriptions, "PlanCreated", 0),
            merchant,
            amount,
          });
        },
      },
    );
    this.count("plansCreated");
  }

  private async subscribe(subscriber: string): Promise<boolean> {
    const plan = this.random.pick(this.plans);
    if (this.balanceOf(subscriber) < plan.amount * 2n) {
      await this.mint(subscriber, plan.amount * 12n);
      this.count("mints");
      // Subscribing charges the first period from the minted tokens.
      await this.flush();
    }

    await this.send(
      subscriber,
      this.contracts.subscriptions,
      this.subscriptions,
      "subscribe",
      [plan.id],
      {
        debit: plan.amount,
        onMined: (logs) => {
          const id = this.eventArg(logs, this.subscriptions, "SubscriptionCreated", 0);
          this.activeSubscriptions.push({ id, subscriber });
        },
      },
    );
    this.count("subscriptions");
    return true;
  }

  /**
   * A keeper collects every active subscription; ones not yet due are skipped
   * by the contract. Keepers run every few days, so the clock jumps 1-6 days
   * first: periods come due, and open requests and escrows reach their
   * deadlines even in a short history.
   */
  private async collect(): Promise<boolean> {
    if (this.activeSubscriptions.length === 0) return false;

    // A round takes from many subscribers at once: it gets a block of its own,
    // so no other transaction spends what the round was counting on.
    await this.flush();
    this.time += this.random.int(1, 6) * DAY;
    await this.send(
      this.deployer,
      this.contracts.subscriptions,
      this.subscriptions,
      "collectMany",
      [this.activeSubscriptions.map((subscription) => subscription.id)],
      { gas: GAS_LARGE },
    );
    await this.flush();
    this.count("collectionRounds");
    return true;
  }

  private async cancelSubscription(): Promise<boolean> {
    if (this.activeSubscriptions.length < 3) return false;

    const index = this.random.int(0, this.activeSubscriptions.length - 1);
    const [subscription] = this.activeSubscriptions.splice(index, 1);
    await this.send(
      subscription.subscriber,
      this.contracts.subscriptions,
      this.subscriptions,
      "cancel",
      [subscription.id],
      { keys: [`subscription:${subscription.id}`] },
    );
    this.count("subscriptionsCancelled");
    return true;
  }

  /**
   * A subscriber spends nearly everything (or revokes the allowance), so
   * their next collections fail until they are topped up by a mint.
   */
  private async drainSubscriber(): Promise<boolean> {
    const subscriber = this.random.pick(this.byProfile("subscriber"));
    const balance = this.balanceOf(subscriber.address);

    if (this.random.chance(0.3)) {
      await this.send(subscriber.address, this.contracts.token, this.token, "approve", [
        this.contracts.subscriptions,
        0n,
      ]);
      // The allowance comes back later, as a user would after noticing.
      await this.send(subscriber.address, this.contracts.token, this.token, "approve", [
        this.contracts.subscriptions,
        MaxUint256,
      ]);
      this.count("allowancesRevokedAndRestored");
      return true;
    }

    if (balance < 2n * KC) return false;
    const to = this.otherThan(subscriber.address, ["casual"]);
    await this.send(
      subscriber.address,
      this.contracts.token,
      this.token,
      "transfer",
      [to.address, balance - KC],
      { debit: balance - KC },
    );
    this.count("subscribersDrained");
    return true;
  }

  // ------------------------------------------------------------ plumbing

  private async call(to: string, abi: Interface, fn: string, args: unknown[]) {
    const data = abi.encodeFunctionData(fn, args);
    const result = await this.rpc.request<string>("eth_call", [{ to, data }, "latest"]);
    return abi.decodeFunctionResult(fn, result);
  }

  /** Mines the pending block first when it already touches `key`. */
  private async waitFor(key: string): Promise<void> {
    if (this.pendingKeys.has(key)) await this.flush();
  }

  /**
   * Adds one transaction to the pending block; it is mined and its receipt read
   * by {@link flush}. The block is mined first when it is full, when its gas
   * would pass the block gas limit, or when it already touches one of `keys`.
   * `debit` is what the transaction may take from the sender's tokens at most.
   */
  private async send(
    from: string,
    to: string,
    abi: Interface,
    fn: string,
    args: unknown[],
    options: SendOptions = {},
  ): Promise<void> {
    const keys = options.keys ?? [];
    const gas = options.gas ?? GAS;
    if (
      this.pending.length >= this.perBlock ||
      this.pendingGas + gas > this.blockGasLimit ||
      keys.some((key) => this.pendingKeys.has(key))
    ) {
      await this.flush();
    }
    if (this.pending.length === 0) this.time += this.random.int(MIN_STEP, MAX_STEP);

    const sender = from.toLowerCase();
    let nonce = this.nonces.get(sender);
    if (nonce === undefined) {
      nonce = Number(await this.rpc.request<string>("eth_getTransactionCount", [from, "pending"]));
    }
    this.nonces.set(sender, nonce + 1);

    const transaction = {
      from,
      to,
      data: abi.encodeFunctionData(fn, args),
      nonce: toQuantity(nonce),
      gas: toQuantity(gas),
      maxFeePerGas: toQuantity(MAX_FEE_PER_GAS),
      maxPriorityFeePerGas: toQuantity(MAX_PRIORITY_FEE_PER_GAS),
    };
    let hash: string;
    try {
      hash = await this.rpc.request<string>("eth_sendTransaction", [transaction]);
    } catch (error) {
      throw new MockDataError(
        `${fn} from ${from} was refused by the node: ${(error as Error).message}`,
      );
    }

    this.transactions++;
    this.pending.push({ hash, fn, from, expectRevert: options.expectRevert === true, options });
    this.pendingGas += gas;
    for (const key of keys) this.pendingKeys.add(key);
    if (options.debit !== undefined) {
      this.pendingDebits.set(sender, (this.pendingDebits.get(sender) ?? 0n) + options.debit);
    }
  }

  /**
   * Mines the pending block at this.time and reads its receipts in the order
   * the transactions were sent: counts their events, applies their Transfer
   * events to the local balances and runs their onMined steps.
   */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;

    await this.rpc.request("evm_setNextBlockTimestamp", [toQuantity(this.time)]);
    await this.rpc.request("evm_mine", []);
    const receipts = await Promise.all(
      this.pending.map((sent) =>
        this.rpc.request<{ status: string; blockNumber: string; logs: Log[] } | null>(
          "eth_getTransactionReceipt",
          [sent.hash],
        ),
      ),
    );
    const block = this.lastBlock + 1;

    const mined = this.pending.splice(0);
    this.pendingGas = 0;
    this.pendingKeys.clear();
    this.pendingDebits.clear();

    for (const [index, sent] of mined.entries()) {
      const receipt = receipts[index];
      if (receipt === null || Number(receipt.blockNumber) !== block) {
        throw new MockDataError(`${sent.fn} from ${sent.from} was not mined in block ${block}`);
      }
      if (receipt.status !== "0x1") {
        if (!sent.expectRevert) {
          throw new MockDataError(
            `${sent.fn} from ${sent.from} reverted unexpectedly in ${sent.hash}`,
          );
        }
        this.failedTransactions++;
      } else {
        this.record(receipt.logs);
        sent.options.onMined?.(receipt.logs);
      }
      this.options.onProgress?.(this.events, this.options.events);
    }
    this.lastBlock = block;
    this.blocks++;
  }

  /** Takes the unmined transactions of a failed run out of the node's pool. */
  async dropPending(): Promise<void> {
    for (const sent of this.pending.splice(0)) {
      await this.rpc.request("hardhat_dropTransaction", [sent.hash]).catch(() => undefined);
    }
  }

  private static readonly TRANSFER = id("Transfer(address,address,uint256)");

  private record(logs: Log[]): void {
    for (const log of logs) {
      this.events++;
      const name = this.eventName(log);
      this.eventsByName[name] = (this.eventsByName[name] ?? 0) + 1;

      if (
        log.topics[0] === HistoryGenerator.TRANSFER &&
        log.address.toLowerCase() === this.contracts.token.toLowerCase()
      ) {
        const from = `0x${log.topics[1].slice(26)}`;
        const to = `0x${log.topics[2].slice(26)}`;
        const value = BigInt(log.data);
        this.balances.set(from, this.balanceOf(from) - value);
        this.balances.set(to, this.balanceOf(to) + value);
      }
    }
  }

  /** Event names by topic, computed once: ethers hashes every fragment on each lookup. */
  private readonly eventNames = new Map<string, string>();

  private eventName(log: Log): string {
    if (this.eventNames.size === 0) {
      for (const abi of [this.token, this.payments, this.escrow, this.batch, this.subscriptions]) {
        abi.forEachEvent((event) => this.eventNames.set(event.topicHash, event.name));
      }
    }
    return this.eventNames.get(log.topics[0]) ?? log.topics[0];
  }

  private eventArg(logs: Log[], abi: Interface, name: string, index: number): bigint {
    const topic = abi.getEvent(name)!.topicHash;
    const log = logs.find((candidate) => candidate.topics[0] === topic);
    if (log === undefined) throw new MockDataError(`expected a ${name} event and found none`);
    return abi.parseLog(log)!.args[index] as bigint;
  }

  summary(durationMs: number): MockSummary {
    const accounts = Object.fromEntries(PROFILES.map((profile) => [profile, 0])) as Record<
      Profile,
      number
    >;
    for (const account of this.accounts) accounts[account.profile]++;

    return {
      seed: this.options.seed,
      accounts,
      transactions: this.transactions,
      failedTransactions: this.failedTransactions,
      events: this.events,
      eventsByName: this.eventsByName,
      activity: this.activity,
      fromBlock: this.fromBlock,
      toBlock: this.lastBlock,
      blocks: this.blocks,
      fromTime: this.fromTime,
      toTime: this.time,
      durationMs,
    };
  }
}
