// PostgreSQL keeps Ponder's RPC cache in one schema (ponder_sync) for every
// app and chain id. A restarted local node has the same chain id and a new
// genesis: its indexer must not be served the old chain's cached logs, and a
// schema indexed from the old chain must not be resumed. Runs when
// DATABASE_URL is set (.ci/run sets it).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";

import { expect } from "chai";

import { generateTokenHistory, startTestChain, type TestChain } from "./support/chain.ts";
import { waitUntilMatchesChain } from "./support/compare.ts";
import {
  databaseKinds,
  indexerDatabase,
  startIndexer,
  waitUntilIndexed,
  type IndexerDatabase,
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

if (databaseKinds().includes("postgres")) {
  describe("indexer on PostgreSQL across a restarted chain", function () {
    this.timeout(300_000);

    let oldChain: TestChain | undefined;
    let newChain: TestChain;
    let oldSchema: IndexerDatabase;
    let newSchema: IndexerDatabase;

    before(async function () {
      // The old chain is indexed, then dies: its blocks stay in ponder_sync.
      oldChain = await startTestChain();
      await generateTokenHistory(oldChain, 11);
      oldSchema = indexerDatabase("postgres");
      const first = await startIndexer({
        rpcUrl: oldChain.node.url,
        recordFile: oldChain.recordFile,
        database: oldSchema,
      });
      await waitUntilIndexed(first, await oldChain.head());
      await first.stop();
      await oldChain.stop();
      oldChain = undefined;

      newChain = await startTestChain();
      await generateTokenHistory(newChain, 12);
      newSchema = indexerDatabase("postgres");
    });

    after(async function () {
      await oldChain?.stop();
      await newChain?.stop();
      await oldSchema?.dispose();
      await newSchema?.dispose();
    });

    it("indexes the new chain without the old chain's cached logs", async function () {
      const indexer = await startIndexer({
        rpcUrl: newChain.node.url,
        recordFile: newChain.recordFile,
        database: newSchema,
      });
      try {
        expect(indexer.output()).not.to.contain("kc-indexer:");
        await waitUntilMatchesChain(newChain, indexer, 90_000);
      } finally {
        await indexer.stop();
      }
    });

    it("refuses to resume the old chain's schema, naming the command that rebuilds it", async function () {
      const indexer = await startIndexer({
        rpcUrl: newChain.node.url,
        recordFile: newChain.recordFile,
        database: oldSchema,
      });

      expect(await indexer.exited).to.equal(1);
      expect(indexer.output()).to.match(
        new RegExp(
          `kc-indexer: schema "${oldSchema.schema}" holds data indexed from another chain.*` +
            `npm run indexer:reindex -- --schema ${oldSchema.schema}`,
        ),
      );
    });

    it("rebuilds that schema from the new chain after `npm run indexer:reindex`", async function () {
      const reindex = await runNode("indexer/scripts/reindex.ts", ["--schema", oldSchema.schema], {
        ...process.env,
        KC_RPC_URL: newChain.node.url,
        KC_DEPLOYMENT_RECORD: newChain.recordFile,
      });
      expect(reindex.code, reindex.stderr).to.equal(0);
      expect(reindex.stdout).to.contain(`Dropped schema "${oldSchema.schema}"`);

      const indexer = await startIndexer({
        rpcUrl: newChain.node.url,
        recordFile: newChain.recordFile,
        database: oldSchema,
      });
      try {
        await waitUntilMatchesChain(newChain, indexer, 90_000);
      } finally {
        await indexer.stop();
      }
    });
  });
}
