// Crash safety: an indexer killed with SIGKILL in the middle of its backfill
// and started again ends with exactly the data of a run that was never
// interrupted, table by table, row by row.
import { expect } from "chai";

import {
  generateBatchedTransfers,
  generatePaymentsHistory,
  startTestChain,
  type TestChain,
} from "./support/chain.ts";
import {
  graphql,
  indexerDatabase,
  startIndexer,
  waitFor,
  waitUntilIndexed,
  type IndexerDatabase,
  type IndexerProcess,
} from "./support/indexer-process.ts";

// Every table, by its GraphQL list field, with the columns that identify and
// describe a row (all of them: a difference anywhere must show).
const TABLES: Record<string, string> = {
  accounts: `address balance transfersSentCount transfersReceivedCount paymentsSentCount
    paymentsReceivedCount firstActivityBlock lastActivityBlock`,
  transfers: "id blockHash from to amount",
  approvals: "id owner spender amount",
  payments: "id payer payee reference gross fee net memo requestId",
  paymentRequests: "id status amount closedAtBlock",
  escrows: "id status paidToPayee returnedToPayer updatedAtBlock",
  escrowEvents: "id escrowId kind toPayee toPayer",
  batchPayouts: "id paidCount paidTotal",
  batchPayoutItems: "id paid amount failureReason",
  plans: "id active",
  subscriptions: "id status collectedCount failedCount totalCollected nextDueAt",
  collections: "id success amount",
  roleChanges: "id role account granted",
  hourlyStats: "id volume count fees activeAccounts",
  dailyStats: "id volume count fees activeAccounts",
  blocks: "number hash",
};

/** Every row of every table, read page by page with cursors. */
async function dump(indexer: IndexerProcess): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};

  for (const [table, columns] of Object.entries(TABLES)) {
    const rows: unknown[] = [];
    let after = "";
    while (true) {
      const data = await graphql<
        Record<string, { items: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string } }>
      >(
        indexer,
        `{ ${table}(limit: 1000${after}) { items { ${columns} } pageInfo { hasNextPage endCursor } } }`,
      );
      rows.push(...data[table]!.items);
      if (!data[table]!.pageInfo.hasNextPage) break;
      after = `, after: "${data[table]!.pageInfo.endCursor}"`;
    }
    result[table] = rows;
  }
  return result;
}

describe("indexer killed mid-backfill", function () {
  this.timeout(300_000);

  let chain: TestChain;
  const databases: IndexerDatabase[] = [];
  const indexers: IndexerProcess[] = [];

  before(async function () {
    chain = await startTestChain();
    await generatePaymentsHistory(chain);
    await generateBatchedTransfers(chain, 24, 50);
  });

  after(async function () {
    for (const indexer of indexers) await indexer.stop();
    for (const database of databases) await database.dispose();
    await chain?.stop();
  });

  async function run(database: IndexerDatabase): Promise<IndexerProcess> {
    const indexer = await startIndexer({
      rpcUrl: chain.node.url,
      recordFile: chain.recordFile,
      database,
    });
    indexers.push(indexer);
    return indexer;
  }

  it("ends with the same rows as an uninterrupted run", async function () {
    const head = await chain.head();

    const steady = indexerDatabase("pglite");
    databases.push(steady);
    const uninterrupted = await run(steady);
    await waitUntilIndexed(uninterrupted, head, 120_000);
    const expected = await dump(uninterrupted);
    await uninterrupted.stop();

    const crashed = indexerDatabase("pglite");
    databases.push(crashed);
    const killed = await run(crashed);
    await waitFor(killed, "the first indexed block range", async () =>
      killed.output().includes('"msg":"Indexed block range"') ? true : undefined,
    );
    const killedMidway = !killed.output().includes("Completed backfill indexing");
    await killed.stop("SIGKILL");

    const restarted = await run(crashed);
    await waitUntilIndexed(restarted, head, 120_000);
    const actual = await dump(restarted);

    expect(killedMidway, "the kill came after the backfill had finished").to.equal(true);
    expect(restarted.output()).to.match(/crash recovery|Filtered events before crash recovery/i);
    expect(expected.transfers!.length).to.be.greaterThan(100);
    expect(actual).to.deep.equal(expected);
  });
});
