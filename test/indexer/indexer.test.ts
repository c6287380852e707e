// The indexer against a real node and a real database: every table agrees
// with the chain, read independently of the indexer (balanceOf at the indexed
// block, eth_getLogs, contract reads), and GraphQL behaves as documented.
import { count, createClient } from "@ponder/client";
import { expect } from "chai";
import { getAbiItem, type Address } from "viem";

import { KatyCoinAbi } from "../../indexer/abis/KatyCoin.ts";
import * as schema from "../../indexer/ponder.schema.ts";
import { KCBatchPayoutsAbi } from "../../indexer/abis/KCBatchPayouts.ts";
import { KCEscrowAbi } from "../../indexer/abis/KCEscrow.ts";
import { KCPaymentsAbi } from "../../indexer/abis/KCPayments.ts";
import { KCSubscriptionsAbi } from "../../indexer/abis/KCSubscriptions.ts";
import {
  generatePaymentsHistory,
  generateTokenHistory,
  startTestChain,
  type TestChain,
} from "./support/chain.ts";
import {
  databaseKinds,
  graphql,
  graphqlRaw,
  indexedBlock,
  indexerDatabase,
  startIndexer,
  waitFor,
  waitUntilIndexed,
  type IndexerDatabase,
  type IndexerProcess,
} from "./support/indexer-process.ts";

interface Row {
  transactionHash: string;
  logIndex: number;
  blockNumber: string;
}

const ABIS: Record<string, readonly unknown[]> = {
  KatyCoin: KatyCoinAbi,
  KCPayments: KCPaymentsAbi,
  KCEscrow: KCEscrowAbi,
  KCBatchPayouts: KCBatchPayoutsAbi,
  KCSubscriptions: KCSubscriptionsAbi,
};

// The status enums of the contracts, by index, as the indexer names them.
const REQUEST_STATUS = [undefined, "open", "paid", "cancelled"];
const ESCROW_STATUS = [
  undefined,
  "open",
  "disputed",
  "released",
  "refunded",
  "reclaimed",
  "settled",
];
const SUBSCRIPTION_STATUS = [undefined, "active", "cancelled"];

const key = (tx: string, logIndex: number | bigint) => `${tx.toLowerCase()}:${logIndex}`;

// One chain with one history, indexed once per database.
describe("indexer", function () {
  this.timeout(180_000);

  let chain: TestChain;

  before(async function () {
    chain = await startTestChain();
    await generateTokenHistory(chain, 7);
    await generatePaymentsHistory(chain);
  });

  after(async function () {
    await chain?.stop();
  });

  for (const kind of databaseKinds()) {
    describe(`on ${kind}`, function () {
      this.timeout(180_000);

      let database: IndexerDatabase;
      let indexer: IndexerProcess;
      let at: bigint;

      before(async function () {
        database = indexerDatabase(kind);
        indexer = await startIndexer({
          rpcUrl: chain.node.url,
          recordFile: chain.recordFile,
          database,
        });
        await waitUntilIndexed(indexer, await chain.head());
        at = (await indexedBlock(indexer))!;
      });

      after(async function () {
        await indexer?.stop();
        await database?.dispose();
      });

      async function logs(eventName: string, contract = "KatyCoin") {
        const abi = ABIS[contract]!;
        return chain.publicClient.getLogs({
          address: chain.contracts[contract]!,
          event: getAbiItem({ abi, name: eventName } as never) as never,
          fromBlock: 0n,
          toBlock: at,
          strict: true,
        }) as Promise<
          {
            transactionHash: string;
            logIndex: number;
            blockNumber: bigint;
            args: Record<string, unknown>;
          }[]
        >;
      }

      describe("when the history has been indexed", function () {
        it("holds every account's balanceOf at the indexed block", async function () {
          const data = await graphql<{
            accounts: { items: { address: Address; balance: string }[] };
          }>(indexer, "{ accounts(limit: 1000) { items { address balance } } }");
          const transfers = await logs("Transfer");
          const zero = "0x0000000000000000000000000000000000000000";
          const touched = new Set(
            transfers
              .flatMap((l) => [l.args.from as string, l.args.to as string])
              .filter((a) => a !== zero),
          );

          expect(new Set(data.accounts.items.map((a) => a.address.toLowerCase()))).to.deep.equal(
            new Set([...touched].map((a) => a.toLowerCase())),
          );
          for (const account of data.accounts.items) {
            const onChain = await chain.publicClient.readContract({
              address: chain.token,
              abi: KatyCoinAbi,
              functionName: "balanceOf",
              args: [account.address],
              blockNumber: at,
            });
            expect(BigInt(account.balance), account.address).to.equal(onChain);
          }
        });

        it("holds exactly the Transfer logs, with their amounts", async function () {
          const data = await graphql<{
            transfers: { items: (Row & { from: string; to: string; amount: string })[] };
          }>(
            indexer,
            "{ transfers(limit: 1000) { items { transactionHash logIndex blockNumber from to amount } } }",
          );
          const describe = (from: string, to: string, amount: unknown) =>
            `${from.toLowerCase()}>${to.toLowerCase()}:${amount}`;
          const expected = new Map(
            (await logs("Transfer")).map((l) => [
              key(l.transactionHash, l.logIndex),
              describe(l.args.from as string, l.args.to as string, l.args.value),
            ]),
          );
          const actual = new Map(
            data.transfers.items.map((t) => [
              key(t.transactionHash, t.logIndex),
              describe(t.from, t.to, t.amount),
            ]),
          );

          expect(actual).to.deep.equal(expected);
        });

        it("holds exactly the Approval, role, pause, cap and upgrade logs", async function () {
          const data = await graphql<Record<string, { items: Row[] }>>(
            indexer,
            `
              {
                approvals(limit: 1000) {
                  items {
                    transactionHash
                    logIndex
                    blockNumber
                  }
                }
                roleChanges(limit: 1000) {
                  items {
                    transactionHash
                    logIndex
                    blockNumber
                  }
                }
                pauses(limit: 1000) {
                  items {
                    transactionHash
                    logIndex
                    blockNumber
                  }
                }
                capChanges(limit: 1000) {
                  items {
                    transactionHash
                    logIndex
                    blockNumber
                  }
                }
                upgrades(limit: 1000) {
                  items {
                    transactionHash
                    logIndex
                    blockNumber
                  }
                }
              }
            `,
          );
          const every = Object.keys(ABIS);
          const tables: [string, string[], string[]][] = [
            ["approvals", ["Approval"], ["KatyCoin"]],
            ["roleChanges", ["RoleGranted", "RoleRevoked"], every],
            ["pauses", ["Paused", "Unpaused"], every],
            ["capChanges", ["SupplyCapUpdated"], ["KatyCoin"]],
            ["upgrades", ["Upgraded"], every],
          ];

          for (const [table, events, contracts] of tables) {
            const expected = (
              await Promise.all(
                contracts.flatMap((contract) => events.map((name) => logs(name, contract))),
              )
            ).flat();
            const actual = data[table]!.items.map((r) => key(r.transactionHash, r.logIndex));

            expect(expected.length, table).to.be.greaterThan(0);
            expect(new Set(actual), table).to.deep.equal(
              new Set(expected.map((l) => key(l.transactionHash, l.logIndex))),
            );
          }
        });

        it("adds every transfer and payment to its contract's hourly and daily figures", async function () {
          const transfers = await logs("Transfer");
          const payments = [
            ...(await logs("PaymentMade", "KCPayments")),
            ...(await logs("PaymentRequestPaid", "KCPayments")),
          ];
          const sum = (items: { args: Record<string, unknown> }[], field: string) =>
            items.reduce((total, l) => total + (l.args[field] as bigint), 0n);
          const expected = [
            {
              contract: chain.token,
              count: transfers.length,
              volume: sum(transfers, "value"),
              fees: 0n,
            },
            {
              contract: chain.contracts.KCPayments!,
              count: payments.length,
              volume: sum(payments, "gross"),
              fees: sum(payments, "fee"),
            },
          ];

          for (const figures of expected) {
            for (const table of ["hourlyStats", "dailyStats"]) {
              const data = await graphql<
                Record<string, { items: { volume: string; count: number; fees: string }[] }>
              >(
                indexer,
                `{ ${table}(where: { contract: "${figures.contract}" }, limit: 1000) { items { volume count fees } } }`,
              );
              const items = data[table]!.items;

              expect(
                items.reduce((s, i) => s + i.count, 0),
                table,
              ).to.equal(figures.count);
              expect(
                items.reduce((s, i) => s + BigInt(i.volume), 0n),
                table,
              ).to.equal(figures.volume);
              expect(
                items.reduce((s, i) => s + BigInt(i.fees), 0n),
                table,
              ).to.equal(figures.fees);
            }
          }
        });
      });

      describe("when the payment contracts have been used", function () {
        type Rows = Record<string, { items: Record<string, string | number | boolean | null>[] }>;

        async function rows(query: string): Promise<Rows> {
          return graphql<Rows>(indexer, `{ ${query} }`);
        }

        async function read(contract: string, functionName: string, args: unknown[]) {
          return chain.publicClient.readContract({
            address: chain.contracts[contract]!,
            abi: ABIS[contract] as never,
            functionName,
            args,
            blockNumber: at,
          } as never) as Promise<Record<string, unknown>>;
        }

        it("holds every payment with its gross, fee, net, reference and memo", async function () {
          const data = await rows(
            "payments(limit: 1000) { items { transactionHash logIndex gross fee net reference memo requestId } }",
          );
          const made = await logs("PaymentMade", "KCPayments");
          const paid = await logs("PaymentRequestPaid", "KCPayments");
          const describe = (
            gross: unknown,
            fee: unknown,
            net: unknown,
            ref: unknown,
            memo: unknown,
            id: unknown,
          ) => `${gross}/${fee}/${net}/${String(ref).toLowerCase()}/${memo}/${id}`;
          const expected = new Map<string, string>();
          for (const l of made) {
            const { gross, fee, net, ref, memo } = l.args;
            expected.set(
              key(l.transactionHash, l.logIndex),
              describe(gross, fee, net, ref, memo, null),
            );
          }
          for (const l of paid) {
            const { gross, fee, net, requestId } = l.args;
            const request = await read("KCPayments", "getRequest", [requestId]);
            expected.set(
              key(l.transactionHash, l.logIndex),
              describe(gross, fee, net, request.ref, "", requestId),
            );
          }
          const actual = new Map(
            data.payments!.items.map((p) => [
              key(p.transactionHash as string, p.logIndex as number),
              describe(p.gross, p.fee, p.net, p.reference, p.memo, p.requestId),
            ]),
          );

          expect(made.length + paid.length).to.be.greaterThan(1);
          expect(actual).to.deep.equal(expected);
        });

        it("gives each payment request the status the contract reports", async function () {
          const data = await rows("paymentRequests(limit: 1000) { items { id status amount } }");

          expect(data.paymentRequests!.items).to.have.length(2);
          for (const request of data.paymentRequests!.items) {
            const onChain = await read("KCPayments", "getRequest", [BigInt(request.id as string)]);
            expect(request.status).to.equal(REQUEST_STATUS[Number(onChain.status)]);
            expect(BigInt(request.amount as string)).to.equal(onChain.amount);
          }
        });

        it("gives each escrow the contract's status and records its history", async function () {
          const data = await rows(
            "escrows(limit: 1000) { items { id status history { totalCount } } }",
          );
          const steps = (
            await Promise.all(
              [
                "EscrowCreated",
                "EscrowReleased",
                "EscrowRefunded",
                "EscrowDisputed",
                "EscrowSettled",
              ].map((name) => logs(name, "KCEscrow")),
            )
          ).flat();

          expect(data.escrows!.items).to.have.length(3);
          let historyRows = 0;
          for (const item of data.escrows!.items) {
            const onChain = await read("KCEscrow", "getEscrow", [BigInt(item.id as string)]);
            expect(item.status).to.equal(ESCROW_STATUS[Number(onChain.status)]);
            historyRows += (item.history as unknown as { totalCount: number }).totalCount;
          }
          expect(historyRows).to.equal(steps.length);
        });

        it("holds each batch and every item paid or failed", async function () {
          const data = await rows(
            `batchPayouts(limit: 100) { items { id paidCount itemCount } }
           batchPayoutItems(limit: 1000) { items { transactionHash logIndex paid } }`,
          );
          const sent = await logs("PayoutSent", "KCBatchPayouts");
          const failed = await logs("PayoutFailed", "KCBatchPayouts");
          const executed = await logs("BatchPayoutExecuted", "KCBatchPayouts");

          expect(failed.length).to.be.greaterThan(0);
          expect(data.batchPayouts!.items).to.have.length(executed.length);
          expect(
            new Map(
              data.batchPayoutItems!.items.map((i) => [
                key(i.transactionHash as string, i.logIndex as number),
                i.paid,
              ]),
            ),
          ).to.deep.equal(
            new Map([
              ...sent.map((l) => [key(l.transactionHash, l.logIndex), true] as const),
              ...failed.map((l) => [key(l.transactionHash, l.logIndex), false] as const),
            ]),
          );
        });

        it("holds every recovery with its token, recipient, amount and sender", async function () {
          const data = await rows(
            "recoveryEvents(limit: 100) { items { contract asset to amount sender transactionHash logIndex } }",
          );
          const paymentContracts = ["KCPayments", "KCEscrow", "KCBatchPayouts", "KCSubscriptions"];
          const expected = (
            await Promise.all(
              paymentContracts.map(async (contract) =>
                (await logs("TokensRecovered", contract)).map((l) => ({
                  transactionHash: l.transactionHash,
                  logIndex: l.logIndex,
                  contract: chain.contracts[contract]!,
                  ...l.args,
                })),
              ),
            )
          ).flat();
          const key = (r: Record<string, unknown>) =>
            [r.transactionHash, r.logIndex, r.contract, r.asset, r.to, r.amount, r.sender]
              .map((v) => String(v).toLowerCase())
              .join(":");

          // Every contract's handler is registered: each one recovered.
          const recoveredFrom = new Set(expected.map((r) => r.contract));
          expect(recoveredFrom.size).to.equal(paymentContracts.length);
          expect(new Set(data.recoveryEvents!.items.map(key))).to.deep.equal(
            new Set(expected.map(key)),
          );
        });

        it("holds plans, subscriptions and collections as the contract reports them", async function () {
          const data = await rows(
            `plans(limit: 100) { items { id active } }
           subscriptions(limit: 100) { items { id status collectedCount failedCount } }
           collections(limit: 1000) { items { transactionHash logIndex success } }`,
          );
          const collected = await logs("SubscriptionCollected", "KCSubscriptions");
          const failed = await logs("SubscriptionCollectionFailed", "KCSubscriptions");

          for (const plan of data.plans!.items) {
            const onChain = await read("KCSubscriptions", "getPlan", [BigInt(plan.id as string)]);
            expect(plan.active).to.equal(!onChain.retired);
          }
          for (const subscription of data.subscriptions!.items) {
            const onChain = await read("KCSubscriptions", "getSubscription", [
              BigInt(subscription.id as string),
            ]);
            expect(subscription.status).to.equal(SUBSCRIPTION_STATUS[Number(onChain.status)]);
          }
          expect(failed.length).to.be.greaterThan(0);
          expect(
            new Map(
              data.collections!.items.map((c) => [
                key(c.transactionHash as string, c.logIndex as number),
                c.success,
              ]),
            ),
          ).to.deep.equal(
            new Map([
              ...collected.map((l) => [key(l.transactionHash, l.logIndex), true] as const),
              ...failed.map((l) => [key(l.transactionHash, l.logIndex), false] as const),
            ]),
          );
        });
      });

      describe("when GraphQL is queried", function () {
        it("filters and orders transfers", async function () {
          const sender = chain.accounts[1]!.toLowerCase();
          const data = await graphql<{ transfers: { items: { from: string; amount: string }[] } }>(
            indexer,
            `{ transfers(where: { from: "${sender}" }, orderBy: "amount", orderDirection: "desc") {
              items { from amount } } }`,
          );
          const amounts = data.transfers.items.map((t) => BigInt(t.amount));

          expect(data.transfers.items.length).to.be.greaterThan(0);
          expect(data.transfers.items.every((t) => t.from.toLowerCase() === sender)).to.equal(true);
          expect(amounts).to.deep.equal([...amounts].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
        });

        it("pages through transfers with cursors, without gaps or repeats", async function () {
          const all = await graphql<{ transfers: { totalCount: number } }>(
            indexer,
            "{ transfers { totalCount } }",
          );
          const seen: string[] = [];
          let after: string | null = null;

          while (true) {
            const cursor: string = after === null ? "" : `, after: "${after}"`;
            const page: {
              transfers: {
                items: { id: string }[];
                pageInfo: { hasNextPage: boolean; endCursor: string };
              };
            } = await graphql(
              indexer,
              `{ transfers(limit: 5, orderBy: "blockNumber"${cursor}) {
                  items { id } pageInfo { hasNextPage endCursor } } }`,
            );
            seen.push(...page.transfers.items.map((t) => t.id));
            if (!page.transfers.pageInfo.hasNextPage) break;
            after = page.transfers.pageInfo.endCursor;
          }

          expect(seen.length).to.equal(all.transfers.totalCount);
          expect(new Set(seen).size).to.equal(seen.length);
        });

        it("follows relations from an account to its transfers and back", async function () {
          const holder = chain.accounts[1]!.toLowerCase();
          const data = await graphql<{
            account: {
              transfersSentCount: number;
              transfersSent: { totalCount: number; items: { sender: { address: string } }[] };
            };
          }>(
            indexer,
            `{ account(address: "${holder}") { transfersSentCount
              transfersSent(limit: 1000) { totalCount items { sender { address } } } } }`,
          );

          expect(data.account.transfersSent.totalCount).to.equal(data.account.transfersSentCount);
          for (const item of data.account.transfersSent.items) {
            expect(item.sender.address.toLowerCase()).to.equal(holder);
          }
        });

        it("accepts GraphiQL's introspection query", async function () {
          const { getIntrospectionQuery } = await import("graphql");
          const { status, body } = await graphqlRaw(indexer, getIntrospectionQuery());

          expect(status).to.equal(200);
          expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
        });

        for (const [limit, query, message] of [
          [
            "depth",
            `{ accounts { items { ${"transfersSent { items { sender { ".repeat(10)} address ${"} } }".repeat(10)} } } }`,
            /depth/i,
          ],
          [
            "aliases",
            `{ ${Array.from({ length: 25 }, (_, i) => `a${i}: transfers { totalCount }`).join(" ")} }`,
            /alias/i,
          ],
          ["tokens", `{ transfers { items { ${"id ".repeat(2_100)} } } }`, /token/i],
        ] as const) {
          it(`refuses a query over the ${limit} limit and keeps answering`, async function () {
            const refused = await graphqlRaw(indexer, query);
            const messages = (refused.body.errors ?? []).map((e) => e.message).join("; ");

            expect(refused.body.data ?? null).to.equal(null);
            expect(messages).to.match(message);

            const after = await graphql<{ transfers: { totalCount: number } }>(
              indexer,
              "{ transfers { totalCount } }",
            );
            expect(after.transfers.totalCount).to.be.greaterThan(0);
          });
        }
      });

      if (kind === "postgres") {
        describe("when a `ponder serve` replica reads the same schema", function () {
          let replica: IndexerProcess;

          before(async function () {
            replica = await startIndexer({
              rpcUrl: chain.node.url,
              recordFile: chain.recordFile,
              database,
              command: "serve",
            });
            await waitFor(replica, "the replica's GraphQL", async () =>
              (await graphqlRaw(replica, "{ transfers { totalCount } }")).status === 200
                ? true
                : undefined,
            );
          });

          after(async function () {
            await replica?.stop();
          });

          it("answers every query with the indexer's data", async function () {
            const query = `{
            transfers(limit: 1000, orderBy: "id") { totalCount items { id amount } }
            accounts(limit: 1000, orderBy: "address") { items { address balance } }
            payments(limit: 1000, orderBy: "id") { items { id gross fee net } }
            escrows(orderBy: "id") { items { id status } }
          }`;

            const fromIndexer = await graphql(indexer, query);
            const fromReplica = await graphql(replica, query);

            expect(fromReplica).to.deep.equal(fromIndexer);
            expect(
              (fromReplica as { transfers: { totalCount: number } }).transfers.totalCount,
            ).to.be.greaterThan(0);
          });
        });
      }

      // Last: it adds a block to the shared chain.
      describe("when read over SQL with @ponder/client", function () {
        it("answers queries and pushes a live update after the next indexed block", async function () {
          const client = createClient(`${indexer.url}/sql`, { schema });
          const countTransfers = (db: typeof client.db) =>
            db.select({ n: count() }).from(schema.transfer);
          const before = (await countTransfers(client.db))[0]!.n;
          const gql = await graphql<{ transfers: { totalCount: number } }>(
            indexer,
            "{ transfers { totalCount } }",
          );
          expect(before).to.equal(gql.transfers.totalCount);

          const updates: number[] = [];
          const live = client.live(countTransfers, (rows) => updates.push(rows[0]!.n));
          try {
            await chain.send(chain.accounts[1]!, "transfer", [chain.accounts[2]!, 1n]);
            await waitFor(indexer, "a live update with the new transfer", async () =>
              updates.includes(before + 1) ? true : undefined,
            );
          } finally {
            live.unsubscribe();
          }
        });
      });
    });
  }
});
