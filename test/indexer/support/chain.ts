/**
 * A local chain for indexer tests: a real `hardhat node`, the KC token
 * deployed behind its proxy, a deployment record in a temp dir, and
 * deterministic activity on every contract to index.
 *
 * NOTE: deploys the contracts itself (plain ERC-1967 proxies, no upgrades
 * plugin) instead of through scripts/sandbox/local-node.ts: the in-process
 * chains that one process starts all get the same genesis hash (seen with
 * Hardhat 3.18), and the genesis tests need two distinct chains. Switch when
 * in-process chains get distinct genesis blocks.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import {
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  http,
  keccak256,
  stringToBytes,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type WalletClient,
} from "viem";

import { abiHash, writeDeploymentRecord, type ContractRecord } from "../../../deploy/record.ts";
import { KatyCoinAbi } from "../../../indexer/abis/KatyCoin.ts";
import { startHardhatNode, type LocalNode } from "../../helpers/node.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export const KC = 10n ** 18n;
export const MINTER_ROLE = keccak256(stringToBytes("MINTER_ROLE"));

function artifact(relative: string): { abi: Abi; bytecode: Hex } {
  return JSON.parse(readFileSync(path.join(ROOT, "artifacts", relative), "utf8"));
}

export interface TestChain {
  node: LocalNode;
  publicClient: PublicClient;
  wallet: WalletClient;
  accounts: Address[];
  token: Address;
  /** The proxy of each KC contract, by name. */
  contracts: Record<string, Address>;
  recordFile: string;
  /** Sends a token call from `from` and returns once it is mined. */
  send(from: Address, functionName: string, args: readonly unknown[]): Promise<Hex>;
  /** Sends a call to one of the KC contracts and returns once it is mined. */
  call(
    contract: string,
    from: Address,
    functionName: string,
    args: readonly unknown[],
  ): Promise<Hex>;
  head(): Promise<bigint>;
  stop(): Promise<void>;
}

export async function startTestChain(): Promise<TestChain> {
  const node = await startHardhatNode();
  const dir = mkdtempSync(path.join(tmpdir(), "kc-record-"));

  try {
    // cacheTime 0: tests revert the chain, and a cached block number lies.
    const publicClient = createPublicClient({ transport: http(node.url), cacheTime: 0 });
    const wallet = createWalletClient({ transport: http(node.url), cacheTime: 0 });
    const accounts = await wallet.getAddresses();
    const admin = accounts[0]!;
    const chainId = await publicClient.getChainId();

    const deploy = async (abi: Abi, bytecode: Hex, args: readonly unknown[]) => {
      const hash = await wallet.deployContract({
        abi,
        bytecode,
        args,
        account: admin,
        chain: null,
      });
      return publicClient.waitForTransactionReceipt({ hash });
    };

    const proxyArtifact = artifact(
      "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol/ERC1967Proxy.json",
    );
    const contracts: Record<string, ContractRecord> = {};

    /** Deploys `name` behind an ERC-1967 proxy that calls initialize(args). */
    const deployBehindProxy = async (name: string, dir: string, args: readonly unknown[]) => {
      const built = artifact(`contracts/${dir}/${name}.sol/${name}.json`);
      const implementation = await deploy(built.abi, built.bytecode, []);
      const init = encodeFunctionData({ abi: built.abi, functionName: "initialize", args });
      const proxy = await deploy(proxyArtifact.abi, proxyArtifact.bytecode, [
        implementation.contractAddress,
        init,
      ]);

      contracts[name] = {
        proxy: proxy.contractAddress!,
        implementation: implementation.contractAddress!,
        deployTransaction: proxy.transactionHash,
        deployBlock: Number(proxy.blockNumber),
        abiHash: abiHash(built.abi),
        previousImplementations: [],
      };
      return proxy.contractAddress!;
    };

    const token = await deployBehindProxy("KatyCoin", "token", [admin, 1_000_000_000n * KC]);
    const treasury = accounts[19]!;
    await deployBehindProxy("KCPayments", "payments", [token, admin, treasury, 50]);
    await deployBehindProxy("KCEscrow", "payments", [token, admin]);
    await deployBehindProxy("KCBatchPayouts", "payments", [token, admin]);
    await deployBehindProxy("KCSubscriptions", "payments", [token, admin]);

    const genesis = await publicClient.getBlock({ blockNumber: 0n });
    const recordFile = path.join(dir, "localhost.json");
    writeDeploymentRecord(recordFile, {
      schemaVersion: 1,
      network: "localhost",
      chainId,
      genesisHash: genesis.hash,
      deployer: admin,
      commit: null,
      dirty: false,
      updatedAt: new Date().toISOString(),
      contracts,
    });

    const call = async (
      contract: string,
      from: Address,
      functionName: string,
      args: readonly unknown[],
    ) => {
      const abi = artifact(
        `contracts/${contract === "KatyCoin" ? "token" : "payments"}/${contract}.sol/${contract}.json`,
      ).abi;
      const hash = await wallet.sendTransaction({
        account: from,
        chain: null,
        to: contracts[contract]!.proxy,
        data: encodeFunctionData({ abi, functionName, args } as never),
      });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`${contract}.${functionName} reverted`);
      return hash;
    };
    const send = (from: Address, functionName: string, args: readonly unknown[]) =>
      call("KatyCoin", from, functionName, args);

    return {
      node,
      publicClient,
      wallet,
      accounts,
      token,
      contracts: Object.fromEntries(Object.entries(contracts).map(([n, c]) => [n, c.proxy])),
      recordFile,
      send,
      call,
      head: () => publicClient.getBlockNumber(),
      stop: async () => {
        await node.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Token activity touching every event the indexer records: mints, transfers,
 * approvals and transferFrom, a burn, pause and unpause, a cap change, a role
 * grant and revoke. The same `seed` gives the same transactions.
 */
export async function generateTokenHistory(chain: TestChain, seed = 1): Promise<void> {
  const [admin, ...users] = chain.accounts as [Address, ...Address[]];
  const holders = users.slice(0, 6);
  let state = seed;
  const next = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % n;
  };

  for (const holder of holders) {
    await chain.send(admin, "mint", [holder, BigInt(1_000 + next(1_000)) * KC]);
  }

  for (let i = 0; i < 12; i++) {
    const from = holders[next(holders.length)]!;
    const to = holders[next(holders.length)]!;
    await chain.send(from, "transfer", [to, BigInt(1 + next(50)) * KC]);
  }

  await chain.send(holders[0]!, "approve", [holders[1]!, 100n * KC]);
  await chain.send(holders[1]!, "transferFrom", [holders[0]!, holders[2]!, 40n * KC]);
  await chain.send(holders[3]!, "burn", [5n * KC]);
  await chain.send(admin, "pause", []);
  await chain.send(admin, "unpause", []);
  await chain.send(admin, "setCap", [900_000_000n * KC]);
  await chain.send(admin, "grantRole", [MINTER_ROLE, holders[4]!]);
  await chain.send(holders[4]!, "mint", [holders[5]!, 7n * KC]);
  await chain.send(admin, "revokeRole", [MINTER_ROLE, holders[4]!]);
}

/**
 * Activity on the four payment contracts: direct payments with memos, a
 * request paid and one cancelled, escrows released, disputed and settled, and
 * refunded, a partial batch with a failed item, a plan with subscriptions
 * collected, failed and cancelled, and stray KC recovered from each
 * contract.
 */
export async function generatePaymentsHistory(chain: TestChain): Promise<void> {
  const [admin, ...users] = chain.accounts as [Address, ...Address[]];
  const [alice, bob, carol, dave] = users as [Address, Address, Address, Address];
  const { KCPayments, KCEscrow, KCBatchPayouts, KCSubscriptions } = chain.contracts as Record<
    string,
    Address
  >;
  const ref = (text: string) => keccak256(stringToBytes(text));
  const MAX = 2n ** 256n - 1n;

  for (const user of [alice, bob, carol]) {
    await chain.send(admin, "mint", [user, 10_000n * KC]);
    for (const spender of [KCPayments, KCEscrow, KCBatchPayouts, KCSubscriptions]) {
      await chain.send(user, "approve", [spender, MAX]);
    }
  }

  await chain.call("KCPayments", alice, "pay", [bob, 100n * KC, ref("invoice-1"), "first order"]);
  await chain.call("KCPayments", bob, "pay", [carol, 7n * KC, ref("invoice-2"), ""]);
  await chain.call("KCPayments", carol, "createRequest", [
    50n * KC,
    alice,
    2n ** 40n,
    ref("req-1"),
  ]);
  await chain.call("KCPayments", alice, "payRequest", [1n]);
  await chain.call("KCPayments", carol, "createRequest", [9n * KC, bob, 2n ** 40n, ref("req-2")]);
  await chain.call("KCPayments", carol, "cancelRequest", [2n]);

  const far = 2n ** 40n;
  await chain.call("KCEscrow", alice, "create", [bob, 30n * KC, far, carol, ref("e1")]);
  await chain.call("KCEscrow", alice, "release", [1n]);
  await chain.call("KCEscrow", bob, "create", [alice, 20n * KC, far, carol, ref("e2")]);
  await chain.call("KCEscrow", alice, "dispute", [2n]);
  await chain.call("KCEscrow", carol, "settle", [2n, 5n * KC]);
  await chain.call("KCEscrow", carol, "create", [alice, 3n * KC, far, bob, ref("e3")]);
  await chain.call("KCEscrow", alice, "refund", [3n]);

  // dave holds nothing and approved nothing: his line of the partial batch is
  // paid to him, and the zero address line fails.
  await chain.call("KCBatchPayouts", alice, "payout", [
    1,
    [bob, dave, "0x0000000000000000000000000000000000000000"],
    [1n * KC, 2n * KC, 3n * KC],
    ref("batch-1"),
  ]);
  await chain.call("KCBatchPayouts", bob, "payout", [
    0,
    [carol, alice],
    [4n * KC, 5n * KC],
    ref("b2"),
  ]);

  await chain.call("KCSubscriptions", carol, "createPlan", [2n * KC, 3_600]);
  await chain.call("KCSubscriptions", alice, "subscribe", [1n]);
  await chain.call("KCSubscriptions", bob, "subscribe", [1n]);
  await chain.node.rpc("evm_increaseTime", [3_601]);
  await chain.call("KCSubscriptions", admin, "collect", [1n]);
  await chain.send(bob, "approve", [KCSubscriptions, 0n]);
  await chain.call("KCSubscriptions", admin, "collect", [2n]);
  await chain.call("KCSubscriptions", bob, "cancel", [2n]);
  await chain.call("KCSubscriptions", carol, "createPlan", [1n * KC, 86_400]);
  await chain.call("KCSubscriptions", carol, "retirePlan", [2n]);

  // KC sent by mistake to each payment contract, the escrow beside its open
  // amounts, and sent back: once from each, twice from the escrow.
  await chain.send(carol, "transfer", [KCEscrow, 6n * KC]);
  await chain.call("KCEscrow", admin, "recoverTokens", [chain.token, carol, 4n * KC]);
  await chain.call("KCEscrow", admin, "recoverTokens", [chain.token, carol, 2n * KC]);
  for (const name of ["KCPayments", "KCBatchPayouts", "KCSubscriptions"]) {
    await chain.send(bob, "transfer", [chain.contracts[name]!, 1n * KC]);
    await chain.call(name, admin, "recoverTokens", [chain.token, bob, 1n * KC]);
  }
}

/**
 * Many transfers in few blocks: `blocks` blocks of `perBlock` transfers each
 * (automine off while a block fills). A backfill then costs few block
 * fetches, which is what bounds Ponder's speed on a local node.
 */
export async function generateBatchedTransfers(
  chain: TestChain,
  blocks: number,
  perBlock: number,
): Promise<void> {
  const [admin, ...users] = chain.accounts as [Address, ...Address[]];
  const senders = users.slice(0, 8);
  for (const sender of senders) await chain.send(admin, "mint", [sender, 1_000_000n * KC]);

  const data = (to: Address, amount: bigint) =>
    encodeFunctionData({ abi: KatyCoinAbi, functionName: "transfer", args: [to, amount] });

  await chain.node.rpc("evm_setAutomine", [false]);
  try {
    for (let b = 0; b < blocks; b++) {
      const sends = [];
      for (let i = 0; i < perBlock; i++) {
        const from = senders[i % senders.length]!;
        const to = users[(i + b + 1) % users.length]!;
        sends.push(
          chain.wallet.sendTransaction({
            account: from,
            chain: null,
            to: chain.token,
            data: data(to, BigInt(1 + ((b * perBlock + i) % 97)) * KC),
          }),
        );
      }
      await Promise.all(sends);
      await chain.node.rpc("evm_mine");
    }
  } finally {
    await chain.node.rpc("evm_setAutomine", [true]);
  }
}
