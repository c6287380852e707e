import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import hre from "hardhat";

import { SYSTEM_CONTRACTS } from "../../deploy/contracts.ts";
import { readDeploymentRecord } from "../../deploy/record.ts";
import { LocalNodeError, startChain, type RunningNode } from "../../scripts/sandbox/local-node.ts";
import { resetChain } from "../../scripts/sandbox/reset.ts";
import { freePort } from "../helpers/node.ts";

describe("npm run chain (startChain)", function () {
  this.timeout(120_000);

  let chain: RunningNode;
  let dir: string;
  let recordFile: string;
  let stateFile: string;

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), "kc-chain-"));
    recordFile = join(dir, "localhost.json");
    stateFile = join(dir, "snapshots.json");
    chain = await startChain({
      hre,
      port: await freePort(),
      recordFile,
      log: () => {},
      snapshotStateFile: stateFile,
    });
  });

  after(async function () {
    await chain?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("listens on 127.0.0.1 and answers as a Hardhat node", async function () {
    const metadata = await chain.rpc.request<{ chainId: number }>("hardhat_metadata");

    expect(chain.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(metadata.chainId).to.equal(31337);
  });

  it("deploys the whole system and writes a record that matches the node", async function () {
    const record = readDeploymentRecord(recordFile);
    const genesis = await chain.rpc.request<{ hash: string }>("eth_getBlockByNumber", [
      "0x0",
      false,
    ]);

    expect(Object.keys(record.contracts)).to.deep.equal(SYSTEM_CONTRACTS.map((spec) => spec.name));
    expect(record.genesisHash).to.equal(genesis.hash);
    for (const entry of Object.values(record.contracts)) {
      expect(await chain.rpc.request("eth_getCode", [entry.proxy, "latest"])).to.not.equal("0x");
    }
  });

  it("takes the genesis snapshot, so the chain can be reset", async function () {
    let deployed = 0;

    const result = await resetChain({
      rpc: chain.rpc,
      deploy: async () => {
        deployed++;
      },
      snapshotStateFile: stateFile,
    });

    expect(deployed).to.equal(1);
    expect(result.blockNumber).to.equal(0);
  });

  it("refuses a port that is taken, in one line", async function () {
    const port = Number(new URL(chain.url).port);

    try {
      await startChain({ hre, port, recordFile, log: () => {}, snapshotStateFile: stateFile });
      expect.fail("a second chain started on a taken port");
    } catch (error) {
      expect(error).to.be.instanceOf(LocalNodeError);
      expect((error as Error).message).to.equal(
        `port ${port} on 127.0.0.1 is taken: pass another --port`,
      );
    }
  });
});
