// `npm run bench -- indexer`: how fast the indexer backfills and answers.
//
// A local chain (in process) gets the KC system and a mock history of at
// least 20,000 events. Then, on PGlite and on PostgreSQL (DATABASE_URL, or
// the local server at 127.0.0.1:5432/test):
//   - cold backfill: an empty RPC cache, events per second from Ponder's own
//     "started" to "completed backfill" log lines;
//   - warm backfill: the same range into a fresh schema, the cache kept;
//   - beside both, the ceiling: a plain eth_getLogs loop over the same range
//     of the same node, as a ratio;
//   - GraphQL under load: a page of 100 transfers, 10 connections for 10 s
//     from autocannon on loopback; p50, p99 and requests per second.
// The figures go to docs/benchmarks/indexer.md (written to a temp file, then
// renamed).
import { createRequire } from "node:module";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";

import * as prettier from "prettier";

import { readDeploymentRecord, type DeploymentRecord } from "../../deploy/record.ts";
import { deleteChainRows, dropSchema, withPostgres } from "../../indexer/lib/postgres-state.ts";
import { startPonder, waitForOk, type PonderProcess } from "../../indexer/lib/ponder-process.ts";
import { freePort } from "../../test/helpers/node.ts";
import { httpRpc } from "../sandbox/rpc.ts";

// autocannon ships no types; the part of its API used here.
interface LoadResult {
  latency: { p50: number; p99: number };
  requests: { average: number };
  errors: number;
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (options: {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  duration: number;
}) => Promise<LoadResult>;

const EVENTS = 20_000;
const RESULTS_FILE = path.resolve(import.meta.dirname, "../../docs/benchmarks/indexer.md");
const DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test";

interface Backfill {
  label: string;
  events: number;
  seconds: number;
}

interface Load {
  label: string;
  p50: number;
  p99: number;
  requestsPerSecond: number;
  errors: number;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "kc-bench-indexer-"));
  const recordFile = path.join(dir, "localhost.json");
  const { default: hre } = await import("hardhat");
  const { startChain } = await import("../sandbox/local-node.ts");
  const { generateMockHistory } = await import("../mock/generate.ts");

  const node = await startChain({
    hre,
    port: 0,
    recordFile,
    snapshotStateFile: path.join(dir, "snapshots.json"),
    log: () => undefined,
  });

  try {
    console.log(`Generating a mock history of at least ${EVENTS} events...`);
    const record = readDeploymentRecord(recordFile);
    await generateMockHistory({ rpc: node.url, record, seed: "bench", events: EVENTS });

    const ceiling = await getLogsCeiling(node.url, record);
    console.log(
      `eth_getLogs loop: ${ceiling.events} events in ${ceiling.seconds.toFixed(2)} s ` +
        `(${rate(ceiling)} events/s)`,
    );

    const backfills: Backfill[] = [];
    const loads: Load[] = [];
    const common = { KC_RPC_URL: node.url, KC_DEPLOYMENT_RECORD: recordFile };

    // PGlite: the RPC cache lives in the database directory, so the warm run
    // reuses the directory with a fresh schema for the app's tables.
    const pglite = { ...common, KC_PGLITE_DIR: path.join(dir, "pglite"), DATABASE_URL: undefined };
    backfills.push(await backfill("PGlite, cold cache", pglite, "kc_cold", ceiling.events));
    const warm = await backfill("PGlite, warm cache", pglite, "kc_warm", ceiling.events, true);
    backfills.push(warm.result);
    loads.push(await graphqlLoad("PGlite", warm.ponder!));
    await warm.ponder!.stop();

    const databaseUrl = process.env.DATABASE_URL || DEFAULT_POSTGRES;
    const postgres = { ...common, DATABASE_URL: databaseUrl };
    const schemas = [`bench_cold_${process.pid}`, `bench_warm_${process.pid}`];
    try {
      await withPostgres(databaseUrl, (client) => deleteChainRows(client, 31337));
      backfills.push(
        await backfill("PostgreSQL, cold cache", postgres, schemas[0]!, ceiling.events),
      );
      const warmPg = await backfill(
        "PostgreSQL, warm cache",
        postgres,
        schemas[1]!,
        ceiling.events,
        true,
      );
      backfills.push(warmPg.result);
      loads.push(await graphqlLoad("PostgreSQL", warmPg.ponder!));
      await warmPg.ponder!.stop();
    } finally {
      await withPostgres(databaseUrl, async (client) => {
        for (const schema of schemas) await dropSchema(client, schema);
      });
    }

    await writeResults(ceiling, backfills, loads);
  } finally {
    await node.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const rate = (b: { events: number; seconds: number }) => Math.round(b.events / b.seconds);

/** Reads every log of the KC contracts over the indexed range with plain eth_getLogs. */
async function getLogsCeiling(url: string, record: DeploymentRecord) {
  const addresses = Object.values(record.contracts).map((c) => c.proxy);
  const from = Math.min(...Object.values(record.contracts).map((c) => c.deployBlock));
  const head = Number(await httpRpc(url).request<string>("eth_blockNumber"));
  const started = performance.now();
  let events = 0;
  const blocks = new Set<string>();

  for (let block = from; block <= head; block += 2_000) {
    const logs = await httpRpc(url).request<{ blockNumber: string }[]>("eth_getLogs", [
      {
        address: addresses,
        fromBlock: `0x${block.toString(16)}`,
        toBlock: `0x${Math.min(block + 1_999, head).toString(16)}`,
      },
    ]);
    events += logs.length;
    for (const log of logs) blocks.add(log.blockNumber);
  }
  return { events, blocks: blocks.size, seconds: (performance.now() - started) / 1000 };
}

/** Runs `ponder start` into `schema` until ready; the backfill time comes from its log. */
async function backfill(
  label: string,
  env: Record<string, string | undefined>,
  schema: string,
  events: number,
  keepRunning = false,
): Promise<Backfill & { result: Backfill; ponder?: PonderProcess }> {
  const times: Record<string, number> = {};
  const ponder = startPonder({
    command: "start",
    port: await freePort(),
    schema,
    env,
    logFormat: "json",
    onLine: (line) => {
      const match = /"time":(\d+),"msg":"([^"]+)"/.exec(line);
      if (match !== null) times[match[2]!] ??= Number(match[1]);
    },
  });

  if (!(await waitForOk(`${ponder.url}/ready`, ponder, 600_000))) {
    await ponder.stop();
    throw new Error(`${label}: the indexer did not become ready`);
  }

  const start = Math.min(
    ...["Started fetching backfill JSON-RPC data", "Started backfill indexing"]
      .map((msg) => times[msg])
      .filter((t): t is number => t !== undefined),
  );
  const end =
    times["Completed backfill indexing"] ?? times["Completed backfill indexing across all chains"];
  const result = { label, events, seconds: (end! - start) / 1000 };
  console.log(
    `${label}: ${events} events in ${result.seconds.toFixed(2)} s (${rate(result)} events/s)`,
  );

  if (!keepRunning) await ponder.stop();
  return { ...result, result, ponder: keepRunning ? ponder : undefined };
}

/** autocannon against GraphQL: a page of 100 transfers, newest first. */
async function graphqlLoad(label: string, ponder: PonderProcess): Promise<Load> {
  const query = `{ transfers(limit: 100, orderBy: "blockNumber", orderDirection: "desc") {
    items { id from to amount blockNumber timestamp } pageInfo { endCursor } } }`;
  const result = await autocannon({
    url: `${ponder.url}/graphql`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
    connections: 10,
    duration: 10,
  });

  const load = {
    label,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requestsPerSecond: Math.round(result.requests.average),
    errors: result.errors + result.non2xx,
  };
  console.log(
    `GraphQL on ${label}: p50 ${load.p50} ms, p99 ${load.p99} ms, ${load.requestsPerSecond} req/s, ` +
      `${load.errors} errors`,
  );
  return load;
}

async function writeResults(
  ceiling: { events: number; blocks: number; seconds: number },
  backfills: Backfill[],
  loads: Load[],
): Promise<void> {
  const lines = [
    "# Indexer benchmark",
    "",
    `Written by \`npm run bench -- indexer\` on ${new Date().toISOString().slice(0, 10)}. ` +
      "A local Hardhat node in the bench process, the KC system and a mock history " +
      `(seed "bench") of ${ceiling.events} events. Machine: ${cpus().length} cores ` +
      `(${cpus()[0]?.model.trim() ?? "unknown"}), Node ${process.version}, shared with ` +
      "whatever else was running. Figures vary with the machine; the ratios to the " +
      "eth_getLogs ceiling, measured in the same run, travel better.",
    "",
    "## Backfill",
    "",
    "| Run | Events | Seconds | Events/s | Share of the eth_getLogs ceiling |",
    "|---|---|---|---|---|",
    `| eth_getLogs loop (ceiling) | ${ceiling.events} | ${ceiling.seconds.toFixed(2)} | ${rate(ceiling)} | 1 |`,
    ...backfills.map(
      (b) =>
        `| ${b.label} | ${b.events} | ${b.seconds.toFixed(2)} | ${rate(b)} | ` +
        `${(rate(b) / rate(ceiling)).toFixed(3)} |`,
    ),
    "",
    "Backfill time runs from Ponder's first backfill log line to `Completed backfill",
    "indexing` (process start-up excluded). A cold backfill is bound by Ponder's own RPC",
    "throttle and one `eth_getBlockByNumber` per block with logs; the mock history mines",
    `up to 25 transactions per block: ${ceiling.blocks} blocks hold the`,
    `${ceiling.events} events.`,
    "",
    "## GraphQL under load",
    "",
    "A page of 100 transfers, newest first; autocannon, 10 connections, 10 s, loopback.",
    "",
    "| Database | p50 (ms) | p99 (ms) | Requests/s | Errors |",
    "|---|---|---|---|---|",
    ...loads.map(
      (l) => `| ${l.label} | ${l.p50} | ${l.p99} | ${l.requestsPerSecond} | ${l.errors} |`,
    ),
    "",
  ];

  // Formatted as `npm run lint` expects, so a fresh run keeps lint green.
  const options = (await prettier.resolveConfig(RESULTS_FILE)) ?? {};
  const text = await prettier.format(lines.join("\n"), { ...options, parser: "markdown" });
  const temporary = `${RESULTS_FILE}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, RESULTS_FILE);
  console.log(`Wrote ${path.relative(process.cwd(), RESULTS_FILE)}`);
}
