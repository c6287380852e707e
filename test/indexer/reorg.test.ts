// Reorganisations on a live indexer. A reorg is made the way a local node
// allows: snapshot, transaction A, revert, a different transaction B, so the
// new branch has different blocks at the same heights. Within the finality
// window Ponder reverts the orphaned rows itself; past it, our reorg guard
// must turn /ready unhealthy with the reason.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";

import { expect } from "chai";

import { KC, generateTokenHistory, startTestChain, type TestChain } from "./support/chain.ts";
import { waitUntilMatchesChain } from "./support/compare.ts";
import {
  indexerDatabase,
  startIndexer,
  waitFor,
  waitUntilIndexed,
  type IndexerDatabase,
  type IndexerProcess,
} from "./support/indexer-process.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Runs a TypeScript file with the repository's Node. Asynchronously: the
 * chain runs inside this process and must keep answering meanwhile.
 */
async function runNode(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      path.join(ROOT, "node_modules", ".bin", "node"),
      [file, ...args],
      { cwd: ROOT, env },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}
const FINALITY = 30;

/** The block numbers Ponder reported as finalized in its JSON log. */
function finalizedBlocks(output: string): bigint[] {
  return [...output.matchAll(/"msg":"Finalized block"[^}]*"number":(\d+)/g)].map((m) =>
    BigInt(m[1]!),
  );
}

describe("indexer through reorgs", function () {
  this.timeout(240_000);

  let chain: TestChain;
  let database: IndexerDatabase;
  let indexer: IndexerProcess;

  before(async function () {
    chain = await startTestChain();
    await generateTokenHistory(chain, 3);
    database = indexerDatabase("pglite");
    indexer = await startIndexer({
      rpcUrl: chain.node.url,
      recordFile: chain.recordFile,
      database,
    });
    await waitUntilIndexed(indexer, await chain.head());
  });

  after(async function () {
    await indexer?.stop();
    await database?.dispose();
    await chain?.stop();
  });

  const holder = (i: number) => chain.accounts[i]!;

  /** Sends `count` transfers on the current branch, each in its own block, and waits until indexed. */
  async function branch(count: number, amount: bigint): Promise<void> {
    for (let i = 0; i < count; i++) {
      await chain.send(holder(1), "transfer", [holder(2 + i), amount + BigInt(i)]);
    }
    await waitUntilMatchesChain(chain, indexer);
  }

  async function snapshot(): Promise<string> {
    return chain.node.rpc<string>("evm_snapshot");
  }

  async function revert(id: string): Promise<void> {
    expect(await chain.node.rpc<boolean>("evm_revert", [id])).to.equal(true);
  }

  async function ready(): Promise<{ status: number; body: string }> {
    const response = await fetch(`${indexer.url}/ready`);
    return { status: response.status, body: await response.text() };
  }

  describe("when a fork replaces the head at the same height", function () {
    it("serves the new branch's transfer and not the orphaned one", async function () {
      const id = await snapshot();
      await branch(1, 11n * KC);
      const height = await chain.head();

      await revert(id);
      await chain.send(holder(3), "transfer", [holder(4), 13n * KC]);

      expect(await chain.head()).to.equal(height);
      await waitUntilMatchesChain(chain, indexer);
      expect((await ready()).status).to.equal(200);
    });
  });

  describe("when a longer fork replaces the head", function () {
    it("serves every block of the longer branch", async function () {
      const id = await snapshot();
      await branch(2, 21n * KC);
      const height = await chain.head();

      await revert(id);
      for (let i = 0; i < 3; i++) await chain.send(holder(5), "transfer", [holder(6), 23n * KC]);

      expect(await chain.head()).to.equal(height + 1n);
      await waitUntilMatchesChain(chain, indexer);
      expect((await ready()).status).to.equal(200);
    });
  });

  describe("when the chain reverts to a lower head", function () {
    it("drops the rows above the new head", async function () {
      const id = await snapshot();
      await branch(3, 31n * KC);
      const height = await chain.head();

      await revert(id);
      await chain.send(holder(6), "transfer", [holder(5), 33n * KC]);

      expect(await chain.head()).to.equal(height - 2n);
      await waitUntilMatchesChain(chain, indexer);
      expect((await ready()).status).to.equal(200);
    });
  });

  describe("when a reorg goes deeper than finality", function () {
    it("turns /ready unhealthy with the reason and logs an error", async function () {
      const id = await snapshot();
      await chain.send(holder(1), "transfer", [holder(2), 41n * KC]);
      const forkBlock = await chain.head();

      // Ponder moves its finalized block in steps, up to a window behind the
      // head: twice the window puts the fork surely below it.
      for (let i = 0; i < 2 * FINALITY + 5; i++) await chain.node.rpc("evm_mine");
      await waitUntilIndexed(indexer, await chain.head());
      await waitFor(indexer, `block ${forkBlock} finalized`, async () =>
        finalizedBlocks(indexer.output()).some((n) => n >= forkBlock) ? true : undefined,
      );

      await revert(id);
      await chain.send(holder(3), "transfer", [holder(4), 43n * KC]);
      for (let i = 0; i < 3; i++) await chain.node.rpc("evm_mine");

      const verdict = await waitFor(indexer, "/ready to turn 503", async () => {
        const answer = await ready();
        return answer.status === 503 ? answer : undefined;
      });
      expect(verdict.body).to.match(
        /no longer on the chain.*deeper than finality.*indexer:reindex/,
      );
      expect(indexer.output()).to.contain("Detected a reorg deeper than finality");
    });

    it("serves the canonical chain again after `npm run indexer:reindex`", async function () {
      await indexer.stop();
      const reindex = await runNode("indexer/scripts/reindex.ts", [], {
        ...process.env,
        ...database.env,
        KC_RPC_URL: chain.node.url,
        KC_DEPLOYMENT_RECORD: chain.recordFile,
      });
      expect(reindex.code, reindex.stderr).to.equal(0);
      expect(reindex.stdout).to.contain("the next start indexes from the record");

      indexer = await startIndexer({
        rpcUrl: chain.node.url,
        recordFile: chain.recordFile,
        database,
      });
      await waitUntilMatchesChain(chain, indexer, 90_000);
      expect((await ready()).status).to.equal(200);
    });
  });
});
