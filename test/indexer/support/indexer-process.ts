/**
 * Runs the real indexer (`ponder start --root indexer`) as a child process in
 * its own process group, on a free port, against a chosen database, and
 * always stops it. Each run gets its own PGlite directory (a temp dir) or its
 * own PostgreSQL schema, so tests never share state.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import pg from "pg";

import { freePort } from "../../helpers/node.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const BIN = path.join(ROOT, "node_modules", ".bin");

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

/** PGlite in a temp dir, or PostgreSQL (DATABASE_URL) in a schema unique to the run. */
export interface IndexerDatabase {
  kind: "pglite" | "postgres";
  env: Record<string, string>;
  schema: string;
  /** Removes the temp dir or drops the schema. */
  dispose(): Promise<void>;
}

let schemaCounter = 0;

export function indexerDatabase(kind: "pglite" | "postgres"): IndexerDatabase {
  const schema = `kc_test_${process.pid}_${Date.now().toString(36)}_${schemaCounter++}`;

  if (kind === "pglite") {
    const dir = mkdtempSync(path.join(tmpdir(), "kc-indexer-"));
    return {
      kind,
      schema,
      env: { KC_PGLITE_DIR: dir, DATABASE_URL: "" },
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }

  const url = process.env.DATABASE_URL;
  if (url === undefined || url === "") throw new Error("DATABASE_URL is not set");
  return {
    kind,
    schema,
    env: { DATABASE_URL: url },
    dispose: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}

/** The databases the suite runs on: PGlite always, PostgreSQL when DATABASE_URL is set. */
export function databaseKinds(): ("pglite" | "postgres")[] {
  return process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export interface IndexerProcess {
  url: string;
  port: number;
  pid: number;
  /** Everything the process printed so far (for failure messages). */
  output(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface IndexerOptions {
  rpcUrl: string;
  recordFile: string;
  database: IndexerDatabase;
  command?: "start" | "serve";
  env?: Record<string, string>;
}

export async function startIndexer(options: IndexerOptions): Promise<IndexerProcess> {
  const port = await freePort();
  const command = options.command ?? "start";
  const args = [
    command,
    "--root",
    "indexer",
    "--port",
    String(port),
    "--hostname",
    "127.0.0.1",
    "--schema",
    options.database.schema,
    "--log-format",
    "json",
  ];

  const child = spawn(path.join(BIN, "ponder"), args, {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PATH: `${BIN}:${process.env.PATH ?? ""}`,
      PONDER_TELEMETRY_DISABLED: "true",
      KC_RPC_URL: options.rpcUrl,
      KC_DEPLOYMENT_RECORD: options.recordFile,
      KC_POLLING_INTERVAL_MS: "250",
      KC_REORG_GRACE_MS: "3000",
      ...options.database.env,
      ...options.env,
    },
  });
  running.add(child);

  let output = "";
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );

  const stop = async (signal: NodeJS.Signals = "SIGTERM"): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killGroup(child, signal);
    const forced = setTimeout(() => killGroup(child, "SIGKILL"), 5_000);
    await exited;
    clearTimeout(forced);
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    output: () => output,
    exited,
    stop,
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/** Polls `probe` until it returns a value, or fails with the indexer's output. */
export async function waitFor<T>(
  indexer: IndexerProcess,
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void indexer.exited.then((code) => (exitCode = code ?? -1));

  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(
        `indexer exited (${exitCode}) while waiting for ${what}:\n${indexer.output()}`,
      );
    }
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // Not answering yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}:\n${indexer.output().slice(-5_000)}`);
}

/** The block the indexer has processed up to, from Ponder's /status. */
export async function indexedBlock(indexer: IndexerProcess): Promise<bigint | undefined> {
  const response = await fetch(`${indexer.url}/status`);
  if (!response.ok) return undefined;
  const status = (await response.json()) as Record<string, { block?: { number: number } }>;
  const number = status.kc?.block?.number;
  return number === undefined ? undefined : BigInt(number);
}

/** Waits until /ready answers 200 and the indexer has reached `block`. */
export async function waitUntilIndexed(
  indexer: IndexerProcess,
  block: bigint,
  timeoutMs = 90_000,
): Promise<void> {
  await waitFor(
    indexer,
    `block ${block} indexed and /ready`,
    async () => {
      const ready = await fetch(`${indexer.url}/ready`);
      if (ready.status !== 200) return undefined;
      const at = await indexedBlock(indexer);
      return at !== undefined && at >= block ? true : undefined;
    },
    timeoutMs,
  );
}

/** Runs a GraphQL query and returns `data`, failing on any error. */
export async function graphql<T>(indexer: IndexerProcess, query: string): Promise<T> {
  const { status, body } = await graphqlRaw(indexer, query);
  if (status !== 200 || body.errors !== undefined) {
    throw new Error(`GraphQL failed (${status}): ${JSON.stringify(body.errors)}`);
  }
  return body.data as T;
}

export async function graphqlRaw(
  indexer: IndexerProcess,
  query: string,
): Promise<{ status: number; body: { data?: unknown; errors?: { message: string }[] } }> {
  const response = await fetch(`${indexer.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as never };
}
