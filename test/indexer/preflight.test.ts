// What the indexer checks before indexing anything: the deployment record
// exists, matches the node behind the RPC URL, and the node answers. A failed
// check ends `ponder start` with one line and exit code 1.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { DeploymentRecordError, StaleDeploymentRecordError } from "../../deploy/record.ts";
import { IndexerSetupError } from "../../indexer/lib/errors.ts";
import { prepareIndexer } from "../../indexer/lib/preflight.ts";
import { pgliteDirectory, readSettings } from "../../indexer/lib/settings.ts";
import { freePort } from "../helpers/node.ts";
import { startTestChain, type TestChain } from "./support/chain.ts";
import { indexerDatabase, startIndexer } from "./support/indexer-process.ts";

/** The error `promise` rejects with; fails the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection, but the promise resolved");
}

describe("indexer preflight", function () {
  this.timeout(120_000);

  let chain: TestChain;
  let dir: string;

  before(async function () {
    chain = await startTestChain();
    dir = mkdtempSync(path.join(tmpdir(), "kc-preflight-"));
  });

  after(async function () {
    await chain?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function settings(overrides: Record<string, string>) {
    return readSettings(
      {
        KC_RPC_URL: chain.node.url,
        KC_DEPLOYMENT_RECORD: chain.recordFile,
        KC_PGLITE_DIR: dir,
        ...overrides,
      },
      [],
    );
  }

  describe("when the record matches the node", function () {
    it("keys the PGlite directory by the chain's genesis hash", async function () {
      const prepared = await prepareIndexer(settings({}));
      const genesis = await chain.publicClient.getBlock({ blockNumber: 0n });

      expect(prepared.chain.genesisHash).to.equal(genesis.hash);
      expect(prepared.database).to.deep.equal({
        kind: "pglite",
        directory: pgliteDirectory(dir, 31337, genesis.hash),
      });
    });
  });

  describe("when the record is missing", function () {
    it("refuses with the deploy command to run", async function () {
      const missing = path.join(dir, "nowhere.json");

      const error = await rejection(prepareIndexer(settings({ KC_DEPLOYMENT_RECORD: missing })));

      expect(error).to.be.instanceOf(DeploymentRecordError);
      expect(error.message).to.match(/not found: run `npm run deploy -- --network nowhere` first/);
    });
  });

  describe("when the record was written for another genesis", function () {
    it("refuses before indexing, naming both hashes", async function () {
      const stale = path.join(dir, "localhost.json");
      const record = JSON.parse(readFileSync(chain.recordFile, "utf8"));
      writeFileSync(stale, JSON.stringify({ ...record, genesisHash: `0x${"ab".repeat(32)}` }));

      const error = await rejection(prepareIndexer(settings({ KC_DEPLOYMENT_RECORD: stale })));

      expect(error).to.be.instanceOf(StaleDeploymentRecordError);
      expect(error.message).to.match(/written for genesis 0xabab.*restarted node/);
    });
  });

  describe("when no node answers at the RPC URL", function () {
    it("says which URL and how to start a node", async function () {
      const url = `http://127.0.0.1:${await freePort()}`;

      const error = await rejection(prepareIndexer(settings({ KC_RPC_URL: url })));

      expect(error).to.be.instanceOf(IndexerSetupError);
      expect(error.message).to.match(new RegExp(`cannot reach the node at ${url}`));
    });
  });

  describe("when `ponder start` meets a stale record", function () {
    it("exits 1 with one line and no stack trace", async function () {
      const stale = path.join(dir, "stale.json");
      const record = JSON.parse(readFileSync(chain.recordFile, "utf8"));
      writeFileSync(stale, JSON.stringify({ ...record, genesisHash: `0x${"cd".repeat(32)}` }));
      const database = indexerDatabase("pglite");

      try {
        const indexer = await startIndexer({ rpcUrl: chain.node.url, recordFile: stale, database });
        const code = await indexer.exited;
        const lines = indexer
          .output()
          .split("\n")
          .filter((line) => line.startsWith("kc-indexer:"));

        expect(code).to.equal(1);
        expect(lines).to.have.length(1);
        expect(lines[0]).to.match(/written for genesis 0xcdcd.*redeploy/);
        expect(indexer.output()).not.to.match(/\n\s+at /);
      } finally {
        await database.dispose();
      }
    });
  });
});
