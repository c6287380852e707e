/**
 * Compares what the indexer serves with what the chain says, read
 * independently: Transfer logs by eth_getLogs, balances by balanceOf.
 */
import { getAbiItem, type Address } from "viem";

import { KatyCoinAbi } from "../../../indexer/abis/KatyCoin.ts";
import type { TestChain } from "./chain.ts";
import { graphql, indexedBlock, type IndexerProcess } from "./indexer-process.ts";

/** Returns null when the indexer serves exactly the chain up to `head`, else what differs. */
export async function differencesFromChain(
  chain: TestChain,
  indexer: IndexerProcess,
): Promise<string | null> {
  const head = await chain.head();
  const at = await indexedBlock(indexer);
  if (at !== head) return `indexer is at block ${at}, chain head is ${head}`;

  const logs = await chain.publicClient.getLogs({
    address: chain.token,
    event: getAbiItem({ abi: KatyCoinAbi, name: "Transfer" }),
    fromBlock: 0n,
    toBlock: head,
    strict: true,
  });
  const expected = new Set(
    logs.map((l) => `${l.transactionHash}:${l.logIndex}:${l.blockHash}:${l.args.value}`),
  );

  const data = await graphql<{
    transfers: {
      items: { transactionHash: string; logIndex: number; blockHash: string; amount: string }[];
    };
    accounts: { items: { address: Address; balance: string }[] };
  }>(
    indexer,
    `
      {
        transfers(limit: 1000) {
          items {
            transactionHash
            logIndex
            blockHash
            amount
          }
        }
        accounts(limit: 1000) {
          items {
            address
            balance
          }
        }
      }
    `,
  );
  const actual = new Set(
    data.transfers.items.map(
      (t) => `${t.transactionHash}:${t.logIndex}:${t.blockHash}:${t.amount}`,
    ),
  );

  const stale = [...actual].filter((t) => !expected.has(t));
  const missing = [...expected].filter((t) => !actual.has(t));
  if (stale.length > 0 || missing.length > 0) {
    return `transfers differ: stale ${JSON.stringify(stale)}, missing ${JSON.stringify(missing)}`;
  }

  for (const account of data.accounts.items) {
    const balance = await chain.publicClient.readContract({
      address: chain.token,
      abi: KatyCoinAbi,
      functionName: "balanceOf",
      args: [account.address],
      blockNumber: head,
    });
    if (balance !== BigInt(account.balance)) {
      return `balance of ${account.address}: indexed ${account.balance}, chain ${balance}`;
    }
  }
  return null;
}

/** Waits until the indexer serves exactly the chain, or fails with the last difference. */
export async function waitUntilMatchesChain(
  chain: TestChain,
  indexer: IndexerProcess,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string | null = "not compared yet";

  while (Date.now() < deadline) {
    last = await differencesFromChain(chain, indexer).catch((e: Error) => e.message);
    if (last === null) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`indexer does not match the chain: ${last}\n${indexer.output().slice(-4_000)}`);
}
