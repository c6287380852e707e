// `npm start -- --rpc URL` end to end: the chain is someone else's (a node
// this test starts and deploys to), so start only runs the indexer on it.
// Ctrl-C (SIGINT) must stop the indexer and free its port, and must leave
// that chain running exactly as it was.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import type { Address, Hex } from "viem";

import { KatyCoinAbi } from "../../indexer/abis/KatyCoin.ts";
import { freePort, portFree, processAlive } from "../helpers/node.ts";
import { generateTokenHistory, startTestChain, type TestChain } from "./support/chain.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "node_modules", ".bin");

/** What identifies the chain's state: if any of it moves, the chain was touched. */
interface ChainState {
  head: bigint;
  headHash: Hex;
  genesisHash: Hex;
  balance: bigint;
}

async function chainState(chain: TestChain, holder: Address): Promise<ChainState> {
  const head = await chain.publicClient.getBlock();
  const genesis = await chain.publicClient.getBlock({ blockNumber: 0n });
  const balance = await chain.publicClient.readContract({
    address: chain.token,
    abi: KatyCoinAbi,
    functionName: "balanceOf",
    args: [holder],
  });
  return { head: head.number, headHash: head.hash, genesisHash: genesis.hash, balance };
}

interface RpcRun {
  indexerPort: number;
  indexerPid: number;
  output: string;
  exitCode: number | null;
  transfers: number;
  holderBalance: string;
}

/** Runs start.ts against `chain` until ready, queries it, then interrupts it like Ctrl-C. */
async function runAgainst(chain: TestChain, dir: string, holder: Address): Promise<RpcRun> {
  const indexerPort = await freePort();
  const child = spawn(
    path.join(BIN, "node"),
    [
      "scripts/start.ts",
      "--rpc",
      chain.node.url,
      "--record",
      chain.recordFile,
      "--indexer-port",
      String(indexerPort),
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

  try {
    const deadline = Date.now() + 120_000;
    // The summary's last line: the pid line above it has arrived too.
    while (!output.includes("Stop everything with Ctrl-C.")) {
      if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`npm start was not ready in time:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    const indexerPid = Number(/Indexer pid\s+(\d+)/.exec(output)![1]);

    // Queried at once: "ready" must mean the chain's head is indexed.
    const response = await fetch(`http://127.0.0.1:${indexerPort}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        // The indexer stores addresses in lower case.
        query: `{ transfers { totalCount }
          account(address: "${holder.toLowerCase()}") { balance } }`,
      }),
    });
    const body = (await response.json()) as {
      data: { transfers: { totalCount: number }; account: { balance: string } };
    };

    child.kill("SIGINT");
    const exitCode = await exited;
    return {
      indexerPort,
      indexerPid,
      output,
      exitCode,
      transfers: body.data.transfers.totalCount,
      holderBalance: body.data.account.balance,
    };
  } finally {
    // Whatever happened above, nothing start.ts started survives it. The
    // indexer leads a process group of its own, so it is found by its parent
    // first: once start.ts is killed, nothing would stop it.
    for (const pid of [...childrenOf(child.pid!), child.pid!]) killGroup(pid);
  }
}

function childrenOf(pid: number): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter((line) => line !== "")
      .map(Number);
  } catch {
    // pgrep exits 1 when there are none.
    return [];
  }
}

function killGroup(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, "SIGKILL");
    } catch {
      // Already gone, or (for -pid) not a group leader.
    }
  }
}

describe("npm start -- --rpc", function () {
  this.timeout(180_000);

  let chain: TestChain | undefined;
  let dir: string;

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "kc-start-rpc-"));
    chain = await startTestChain();
    await generateTokenHistory(chain);
  });

  after(async function () {
    // Always: the node is this test's, not start.ts's.
    await chain?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe("when pointed at a running chain and interrupted with Ctrl-C", function () {
    let holder: Address;
    let before_: ChainState;
    let run: RpcRun;

    before(async function () {
      holder = chain!.accounts[1]!;
      before_ = await chainState(chain!, holder);
      run = await runAgainst(chain!, dir, holder);
    });

    it("indexes every Transfer the chain holds", async function () {
      const logs = await chain!.publicClient.getContractEvents({
        address: chain!.token,
        abi: KatyCoinAbi,
        eventName: "Transfer",
        fromBlock: 0n,
      });

      expect(logs.length).to.be.greaterThan(0);
      expect(run.transfers, run.output).to.equal(logs.length);
    });

    it("reports the balance that balanceOf reads on the chain", function () {
      expect(before_.balance).to.be.greaterThan(0n);
      expect(BigInt(run.holderBalance)).to.equal(before_.balance);
    });

    it("names the given chain in its summary", function () {
      expect(run.output).to.contain(`Chain (JSON-RPC)      ${chain!.node.url}`);
    });

    it("exits 0, leaving no indexer process and its port free", async function () {
      expect(run.exitCode, run.output).to.equal(0);
      expect(run.output).to.contain("Stopped the indexer.");
      expect(run.output).not.to.contain("and the node");
      expect(processAlive(run.indexerPid)).to.equal(false);
      expect(await portFree(run.indexerPort)).to.equal(true);
    });

    it("leaves the chain running, unchanged", async function () {
      expect(processAlive(chain!.node.pid)).to.equal(true);
      expect(await chainState(chain!, holder)).to.deep.equal(before_);
    });
  });
});
