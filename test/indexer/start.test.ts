// `npm start` end to end: a fresh chain, a history, the indexer answering
// GraphQL; Ctrl-C (SIGINT) stops every process and frees every port. A run
// starts from scratch and removes the database an earlier run left (one run
// is made here, after planting such a database: a second full run would
// take the same path at twice the cost).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { freePort, portFree, processAlive } from "../helpers/node.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "node_modules", ".bin");

interface SandboxRun {
  nodePort: number;
  indexerPort: number;
  indexerPid: number;
  output: string;
  exitCode: number | null;
  transfers: number;
}

/** Runs `npm start`'s script until ready, queries it, then interrupts it like Ctrl-C. */
async function runSandbox(dir: string): Promise<SandboxRun> {
  const nodePort = await freePort();
  const indexerPort = await freePort();
  const child = spawn(
    path.join(BIN, "node"),
    [
      "scripts/start.ts",
      "--port",
      String(nodePort),
      "--indexer-port",
      String(indexerPort),
      "--events",
      "40",
      "--record",
      path.join(dir, "localhost.json"),
    ],
    {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, KC_PGLITE_DIR: path.join(dir, "pglite"), DATABASE_URL: "" },
    },
  );

  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));

  let indexerPid: number | undefined;
  try {
    const deadline = Date.now() + 150_000;
    // The summary can arrive in pieces: wait for its last line, after which
    // the indexer's pid has been printed.
    while (!output.includes("Stop everything with Ctrl-C.")) {
      if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`npm start was not ready in time:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    indexerPid = Number(/Indexer pid\s+(\d+)/.exec(output)![1]);
    const response = await fetch(`http://127.0.0.1:${indexerPort}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ transfers { totalCount } }" }),
    });
    const body = (await response.json()) as { data: { transfers: { totalCount: number } } };

    child.kill("SIGINT");
    const exitCode = await exited;
    return {
      nodePort,
      indexerPort,
      indexerPid,
      output,
      exitCode,
      transfers: body.data.transfers.totalCount,
    };
  } finally {
    // Whatever happened above, nothing this test started survives it. The
    // indexer leads a process group of its own.
    for (const group of [child.pid, indexerPid]) {
      try {
        if (group !== undefined) process.kill(-group, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }
}

describe("npm start", function () {
  this.timeout(400_000);

  let dir: string;

  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), "kc-start-"));
  });

  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  describe("when run after an earlier run and interrupted with Ctrl-C", function () {
    const earlier = "pglite-31337-000000000000";
    let run: SandboxRun;

    before(async function () {
      mkdirSync(path.join(dir, "pglite", earlier), { recursive: true });
      run = await runSandbox(dir);
    });

    it("answers GraphQL with the generated history", function () {
      expect(run.transfers).to.be.greaterThan(0);
    });

    it("prints the URLs and the funded accounts", function () {
      expect(run.output).to.contain(`http://127.0.0.1:${run.indexerPort}/graphql`);
      expect(run.output).to.contain(`http://127.0.0.1:${run.indexerPort}/sql`);
      expect(run.output).to.contain(`http://127.0.0.1:${run.indexerPort}/status`);
      expect(run.output).to.match(/Funded test accounts[^\n]*\n\s+0x[0-9a-fA-F]{40}/);
    });

    it("exits 0, leaving no indexer process and no port taken", async function () {
      expect(run.exitCode, run.output).to.equal(0);
      expect(run.output).to.contain("Stopped the indexer and the node.");
      expect(processAlive(run.indexerPid)).to.equal(false);
      expect(await portFree(run.nodePort)).to.equal(true);
      expect(await portFree(run.indexerPort)).to.equal(true);
    });

    it("replaces the earlier run's database with the new chain's", function () {
      const databases = readdirSync(path.join(dir, "pglite"));

      expect(databases).to.have.length(1);
      expect(databases[0]).not.to.equal(earlier);
      expect(existsSync(path.join(dir, "localhost.json"))).to.equal(true);
    });
  });
});
