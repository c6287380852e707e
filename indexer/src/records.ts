// Writes shared by every handler: the block a row came from, the accounts an
// event touched, and the hourly and daily statistics of a contract.
import type { Context } from "ponder:registry";
import schema from "ponder:schema";

/** The parts of a Ponder event every handler records. */
export interface EventLike {
  id: string;
  block: { number: bigint; hash: `0x${string}`; timestamp: bigint };
  transaction: { hash: `0x${string}` };
  log: { logIndex: number };
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
const HOUR = 3_600n;
const DAY = 86_400n;

/** The columns every event table shares, and the block recorded for the reorg guard. */
export async function eventRow(context: Context, event: EventLike) {
  await context.db
    .insert(schema.block)
    .values({
      number: event.block.number,
      hash: event.block.hash,
      timestamp: event.block.timestamp,
    })
    .onConflictDoNothing();

  return {
    id: event.id,
    blockNumber: event.block.number,
    blockHash: event.block.hash,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
  };
}

/** What an event changes on an account; every field defaults to no change. */
export interface AccountChange {
  balanceDelta?: bigint;
  transfersSent?: number;
  transfersReceived?: number;
  paymentsSent?: number;
  paymentsReceived?: number;
}

/** Creates the account on its first activity and applies `change`. The zero address is skipped. */
export async function touchAccount(
  context: Context,
  event: EventLike,
  address: `0x${string}`,
  change: AccountChange = {},
): Promise<void> {
  if (address === ZERO_ADDRESS) return;

  const balanceDelta = change.balanceDelta ?? 0n;
  const sent = change.transfersSent ?? 0;
  const received = change.transfersReceived ?? 0;
  const paymentsSent = change.paymentsSent ?? 0;
  const paymentsReceived = change.paymentsReceived ?? 0;

  await context.db
    .insert(schema.account)
    .values({
      address,
      balance: balanceDelta,
      transfersSentCount: sent,
      transfersReceivedCount: received,
      paymentsSentCount: paymentsSent,
      paymentsReceivedCount: paymentsReceived,
      firstActivityBlock: event.block.number,
      firstActivityAt: event.block.timestamp,
      lastActivityBlock: event.block.number,
      lastActivityAt: event.block.timestamp,
    })
    .onConflictDoUpdate((row) => ({
      balance: row.balance + balanceDelta,
      transfersSentCount: row.transfersSentCount + sent,
      transfersReceivedCount: row.transfersReceivedCount + received,
      paymentsSentCount: row.paymentsSentCount + paymentsSent,
      paymentsReceivedCount: row.paymentsReceivedCount + paymentsReceived,
      lastActivityBlock: event.block.number,
      lastActivityAt: event.block.timestamp,
    }));
}

/** One event's contribution to a contract's statistics. */
export interface StatChange {
  contract: `0x${string}`;
  volume: bigint;
  fees: bigint;
  accounts: readonly `0x${string}`[];
}

/** Adds one event to the hourly and the daily row of its contract. */
export async function recordStats(
  context: Context,
  event: EventLike,
  change: StatChange,
): Promise<void> {
  const accounts = [...new Set(change.accounts)].filter((a) => a !== ZERO_ADDRESS);

  for (const [table, length] of [
    [schema.hourlyStat, HOUR],
    [schema.dailyStat, DAY],
  ] as const) {
    const periodStart = event.block.timestamp - (event.block.timestamp % length);
    const id = `${change.contract}-${length}-${periodStart}`;

    let newAccounts = 0;
    for (const account of accounts) {
      const seen = await context.db.find(schema.statAccount, { id: `${id}-${account}` });
      if (seen !== null) continue;

      await context.db.insert(schema.statAccount).values({ id: `${id}-${account}` });
      newAccounts += 1;
    }

    await context.db
      .insert(table)
      .values({
        id,
        contract: change.contract,
        periodStart,
        volume: change.volume,
        count: 1,
        fees: change.fees,
        activeAccounts: newAccounts,
      })
      .onConflictDoUpdate((row) => ({
        volume: row.volume + change.volume,
        count: row.count + 1,
        fees: row.fees + change.fees,
        activeAccounts: row.activeAccounts + newAccounts,
      }));
  }
}
