/**
 * `npm start`: the sandbox in one command. A local Hardhat node on 127.0.0.1
 * with the KC system deployed, a deterministic history from the mock data
 * generator, and the indexer on PGlite answering GraphQL. Ctrl-C stops all
 * of it.
 *
 * Each run starts a fresh chain, so each run indexes from scratch: a Hardhat
 * node keeps no state between runs, and the indexer's database is keyed by
 * the chain's genesis hash, so the last run's database cannot be reused and
 * is removed (decision 0043). With --rpc, the chain is someone else's and
 * outlives us: the database for it is kept and indexing resumes.
 */
import { readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

import {
  parseCommandLine,
  parsePort,
  parseWholeNumber,
  runCli,
  UsageError,
} from "../deploy/cli.ts";
import { readDeploymentRecord, recordPath } from "../deploy/record.ts";
import { readChainIdentity } from "../indexer/lib/chain-identity.ts";
import {
  startPonder,
  waitForOk,
  waitWhileRunning,
  type PonderProcess,
} from "../indexer/lib/ponder-process.ts";
import { pgliteDirectory, readSettings } from "../indexer/lib/settings.ts";
import { httpRpc } from "./sandbox/rpc.ts";

const spec = {
  name: "start",
  summary: "Starts a local KC chain with a generated history and the indexer answering GraphQL.",
  usage: `
Usage: npm start -- [options]

Options:
  --port <port>          the local node's port (default 8545)
  --indexer-port <port>  the indexer's HTTP port (default 42069)
  --seed <text>          the mock history's seed: the same seed gives the same history
                         (default "kc-sandbox")
  --events <n>           how many events the mock history holds at least (default 400)
  --rpc <url>            index a chain that is already running instead (its record must
                         exist: deployments/localhost.json unless --record says otherwise)
  --record <file>        the deployment record to write or read
                         (default deployments/localhost.json)
  -h, --help             show this help

Every run without --rpc starts a fresh chain and indexes it from scratch. The node's
accounts are Hardhat's public test accounts: never send real funds to them.`,
  options: {
    port: { type: "string" },
    "indexer-port": { type: "string" },
    seed: { type: "string" },
    events: { type: "string" },
    rpc: { type: "string" },
    record: { type: "string" },
  },
} as const;

const say = (line = "") => process.stdout.write(`${line}\n`);

await runCli(async () => {
  const args = parseCommandLine(spec, process.argv.slice(2));
  if (args === null) return;

  const indexerPort = parsePort(args["indexer-port"] ?? "42069", "--indexer-port");
  const recordFile = path.resolve(args.record ?? recordPath("localhost"));
  const events = parseWholeNumber(args.events ?? "400", "--events");
  if (events < 1) throw new UsageError("--events must be at least 1");
  if (args.rpc !== undefined && (args.port ?? args.seed ?? args.events) !== undefined) {
    throw new UsageError("--rpc indexes a running chain: --port, --seed and --events do not apply");
  }

  // Ponder takes the next free port silently when its port is taken.
  await assertPortFree(indexerPort, "--indexer-port");

  const stops: (() => Promise<void>)[] = [];
  let ponder: PonderProcess | undefined;
  // Should this process die without running the stops, the indexer's group goes too.
  process.once("exit", () => ponder?.kill());

  // Ctrl-C while starting up. Node's default would end the process at once,
  // skipping the "exit" hook above and leaving the indexer (in a process
  // group of its own) running. The in-process node dies with this process.
  const interruptStartup = () => {
    say("Interrupted while starting; stopped everything started so far.");
    ponder?.kill();
    process.exit(130);
  };
  process.once("SIGINT", interruptStartup);
  process.once("SIGTERM", interruptStartup);

  try {
    let rpcUrl: string;

    if (args.rpc === undefined) {
      const port = parsePort(args.port ?? "8545");
      const seed = args.seed ?? "kc-sandbox";

      say(`Starting a local node on 127.0.0.1:${port} and deploying the KC system...`);
      const { default: hre } = await import("hardhat");
      const { startChain } = await import("./sandbox/local-node.ts");
      // A record outside deployments/ (tests, a second sandbox) gets its own
      // snapshot bookkeeping beside it, leaving `npm run revert`'s alone.
      const snapshotStateFile =
        args.record === undefined ? undefined : `${recordFile}.snapshots.json`;
      const node = await startChain({
        hre,
        port,
        recordFile,
        snapshotStateFile,
        log: () => undefined,
      });
      stops.push(() => node.close());
      rpcUrl = node.url;

      say(`Generating a history of at least ${events} events (seed "${seed}")...`);
      const { generateMockHistory } = await import("./mock/generate.ts");
      const summary = await generateMockHistory({
        rpc: node.url,
        record: readDeploymentRecord(recordFile),
        seed,
        events,
      });
      say(`  ${summary.events} events in ${summary.transactions} transactions`);

      await removeOtherChainsDatabases(rpcUrl);
    } else {
      rpcUrl = args.rpc;
    }

    say("Starting the indexer (PGlite)...");
    ponder = startPonder({
      command: "start",
      port: indexerPort,
      schema: "kc",
      env: { KC_RPC_URL: rpcUrl, KC_DEPLOYMENT_RECORD: recordFile, DATABASE_URL: undefined },
      onLine: (line) => {
        // Ponder's own progress is chatty; its warnings and errors matter.
        // An idle local chain mines no blocks, which Ponder warns about.
        if (/No new block received/.test(line)) return;
        if (/\b(WARN|ERROR)\b|kc-indexer:/.test(line)) say(`indexer | ${line}`);
      },
    });
    const started = ponder;
    stops.unshift(() => started.stop());

    if (!(await waitForOk(`${ponder.url}/ready`, ponder, 300_000))) {
      throw new UsageError("the indexer stopped or did not become ready; see its lines above");
    }
    // Ponder is ready once its backfill is done, which stops short of the
    // head by the blocks it does not yet count as final (30 on a local
    // chain); those follow live. The sandbox is ready when they are in too.
    const head = Number(await httpRpc(rpcUrl).request<string>("eth_blockNumber"));
    if (!(await waitForBlock(ponder, head, 120_000))) {
      throw new UsageError(`the indexer did not reach block ${head}; see its lines above`);
    }

    await printSummary(rpcUrl, ponder, recordFile);
    process.off("SIGINT", interruptStartup);
    process.off("SIGTERM", interruptStartup);
    let interrupted = false;
    await new Promise<void>((resolve) => {
      const interrupt = () => {
        interrupted = true;
        resolve();
      };
      process.once("SIGINT", interrupt);
      process.once("SIGTERM", interrupt);
      void started.exited.then(() => {
        if (interrupted) return;
        say("The indexer stopped on its own; shutting down.");
        process.exitCode = 1;
        resolve();
      });
    });
    say("Stopping...");
  } finally {
    for (const stop of stops) await stop();
  }
  // With --rpc the node is someone else's: it was never ours to stop.
  say(args.rpc === undefined ? "Stopped the indexer and the node." : "Stopped the indexer.");
});

async function printSummary(rpcUrl: string, ponder: PonderProcess, recordFile: string) {
  const accounts = await httpRpc(rpcUrl).request<string[]>("eth_accounts");

  say();
  say("KC sandbox is ready.");
  say(`  GraphQL (playground)  ${ponder.url}/graphql`);
  say(`  SQL over HTTP         ${ponder.url}/sql  (for @ponder/client and live queries)`);
  say(`  Status                ${ponder.url}/status  ${ponder.url}/ready  ${ponder.url}/metrics`);
  say(`  Chain (JSON-RPC)      ${rpcUrl}  (chain id ${await chainId(rpcUrl)})`);
  say(`  Deployment record     ${path.relative(process.cwd(), recordFile)}`);
  say(`  Indexer pid           ${ponder.pid}`);
  if (accounts.length > 0) {
    say("Funded test accounts (Hardhat's public keys; never use them on a real network):");
    for (const account of accounts.slice(0, 5)) say(`  ${account}`);
  }
  say("Stop everything with Ctrl-C.");
}

async function chainId(rpcUrl: string): Promise<number> {
  return (await readChainIdentity(rpcUrl)).chainId;
}

/**
 * Removes the PGlite databases of earlier local chains: they can never be
 * used again, since a restarted node has a new genesis.
 */
async function removeOtherChainsDatabases(rpcUrl: string): Promise<void> {
  const settings = readSettings();
  const chain = await readChainIdentity(rpcUrl);
  const keep = path.basename(
    pgliteDirectory(settings.pgliteRoot, chain.chainId, chain.genesisHash),
  );

  let entries: string[];
  try {
    entries = readdirSync(settings.pgliteRoot);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.startsWith(`pglite-${chain.chainId}-`) && entry !== keep) {
      rmSync(path.join(settings.pgliteRoot, entry), { recursive: true, force: true });
    }
  }
}

/** Polls Ponder's /status until it has indexed `block`; false if it exits or time runs out. */
function waitForBlock(ponder: PonderProcess, block: number, timeoutMs: number): Promise<boolean> {
  return waitWhileRunning(ponder, timeoutMs, async () => {
    const response = await fetch(`${ponder.url}/status`);
    const status = (await response.json()) as Record<string, { block?: { number: number } }>;
    return (status.kc?.block?.number ?? -1) >= block;
  });
}

function assertPortFree(port: number, flag: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", () =>
      reject(new UsageError(`port ${port} on 127.0.0.1 is taken: pass another ${flag}`)),
    );
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}
