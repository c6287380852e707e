// The HTTP API: GraphQL (with GraphiQL on GET), SQL over HTTP for
// @ponder/client and its live queries, and the reorg guard behind /ready.
// Ponder itself serves /health, /ready, /status and /metrics.
import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { client, desc, graphql } from "ponder";
import { numberToHex } from "viem";

import { rpcBatch } from "../../lib/chain-identity.ts";
import { installReadinessGate } from "../../lib/readiness-gate.ts";
import { ReorgGuard, type GuardVerdict } from "../../lib/reorg-guard.ts";
import { readSettings } from "../../lib/settings.ts";

// GraphQL limits (decision 0042). The deepest query the schema invites,
// account -> transfersSent -> items -> recipient -> transfersReceived ->
// items -> sender -> field, is 8 levels; GraphiQL's introspection query
// measures 21 and counts, as introspection is not exempt. 24 lets both
// through and refuses the recursive relation chains that multiply database
// work. Aliases: each alias is a separate database query; a dashboard asks
// for a dozen named slices, so 20 bounds one request's work without getting
// in its way. Tokens: the introspection query is 160 tokens and a long
// hand-written query a few hundred; 2,000 refuses generated giant documents
// before they are parsed into work.
export const GRAPHQL_LIMITS = {
  maxOperationDepth: 24,
  maxOperationAliases: 20,
  maxOperationTokens: 2_000,
} as const;

const settings = readSettings();

const guard = new ReorgGuard(
  {
    recentIndexedBlocks: (limit) =>
      db
        .select({ number: schema.block.number, hash: schema.block.hash })
        .from(schema.block)
        .orderBy(desc(schema.block.number))
        .limit(limit),
    canonicalHashes: async (numbers) => {
      if (numbers.length === 0) return [];
      const blocks = await rpcBatch(
        settings.rpcUrl,
        numbers.map((n) => ["eth_getBlockByNumber", [numberToHex(n), false]] as const),
      );
      return blocks.map((b) => (b as { hash?: string } | null)?.hash ?? null);
    },
  },
  { graceMs: Number(process.env.KC_REORG_GRACE_MS ?? 10_000), window: 64 },
);

// One comparison at a time, reused for a second: /ready may be polled often.
let latest: GuardVerdict | undefined;
let running: Promise<GuardVerdict> | undefined;
let staleReported = false;

function currentVerdict(): Promise<GuardVerdict> {
  if (latest !== undefined && Date.now() - latest.checkedAt < 1_000) return Promise.resolve(latest);

  running ??= guard
    .check()
    .then((verdict) => {
      latest = verdict;
      report(verdict);
      return verdict;
    })
    .finally(() => {
      running = undefined;
    });
  return running;
}

/** Logs once when the data turns stale and once when it is healthy again. */
function report(verdict: GuardVerdict): void {
  if (verdict.healthy !== staleReported) return;
  staleReported = !verdict.healthy;

  const line = verdict.healthy
    ? { level: "info", msg: "Reorg guard found the indexed blocks on the chain again" }
    : {
        level: "error",
        msg: "Detected a reorg deeper than finality",
        block: verdict.blockNumber.toString(),
        indexed_hash: verdict.indexedHash,
        chain_hash: verdict.canonicalHash,
        action: "run `npm run indexer:reindex`",
      };
  process.stderr.write(`${JSON.stringify({ ...line, service: "kc-indexer" })}\n`);
}

installReadinessGate(async () => {
  const verdict = await currentVerdict();
  return verdict.healthy ? null : verdict.reason;
});

// Keep comparing between /ready calls so the error is logged without a poller.
setInterval(() => void currentVerdict().catch(() => undefined), 2_000).unref();

const app = new Hono();

app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }, GRAPHQL_LIMITS));

/** The guard's last verdict as JSON (BigInt written as a decimal string). */
app.get("/reorg", async (c) => {
  const verdict = await currentVerdict();
  const body = verdict.healthy
    ? { healthy: true }
    : { ...verdict, blockNumber: verdict.blockNumber.toString() };
  return c.json(body, verdict.healthy ? 200 : 503);
});

export default app;
