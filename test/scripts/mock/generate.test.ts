import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { upgrades } from "@openzeppelin/hardhat-upgrades";
import { expect } from "chai";
import hre from "hardhat";

import { readSystemSettings } from "../../../deploy/contracts.ts";
import { deploySystem } from "../../../deploy/deploy.ts";
import { connectNetwork } from "../../../deploy/network.ts";
import type { DeploymentRecord } from "../../../deploy/record.ts";
import { PROFILES } from "../../../scripts/mock/accounts.ts";
import {
  generateMockHistory,
  MockDataError,
  type MockSummary,
} from "../../../scripts/mock/generate.ts";
import { httpRpc, type Rpc } from "../../../scripts/sandbox/rpc.ts";
import { startHardhatNode, type LocalNode } from "../../helpers/node.ts";

const EVENTS = 300;

interface RpcLog {
  address: string;
  blockNumber: string;
  transactionIndex: string;
  logIndex: string;
  topics: string[];
  data: string;
}

/** What must repeat exactly for the same seed: the logs' place and content. */
function comparable(log: RpcLog) {
  return {
    address: log.address.toLowerCase(),
    blockNumber: Number(log.blockNumber),
    transactionIndex: Number(log.transactionIndex),
    logIndex: Number(log.logIndex),
    topics: log.topics,
    data: log.data,
  };
}

async function logsOf(rpc: Rpc, summary: MockSummary): Promise<RpcLog[]> {
  return rpc.request<RpcLog[]>("eth_getLogs", [
    {
      fromBlock: `0x${summary.fromBlock.toString(16)}`,
      toBlock: `0x${summary.toBlock.toString(16)}`,
    },
  ]);
}

async function deployOn(node: LocalNode, dir: string): Promise<DeploymentRecord> {
  const connection = await connectNetwork(hre, {
    name: "localhost",
    url: node.url,
    accounts: "remote",
  });
  try {
    const result = await deploySystem({
      hre,
      connection,
      upgradesApi: await upgrades(hre, connection),
      network: "localhost",
      recordFile: join(dir, `localhost-${node.port}.json`),
      settings: readSystemSettings({}),
      log: () => {},
    });
    return result.record!;
  } finally {
    await connection.close();
  }
}

describe("mock data generator (two fresh hardhat nodes)", function () {
  this.timeout(180_000);

  let first: LocalNode;
  let second: LocalNode;
  let dir: string;
  let firstRecord: DeploymentRecord;
  let secondRecord: DeploymentRecord;
  let firstSummary: MockSummary;
  let secondSummary: MockSummary;
  let snapshotBeforeRun: string;
  const progress: number[] = [];

  before(async function () {
    [first, second] = await Promise.all([startHardhatNode(), startHardhatNode()]);
    dir = mkdtempSync(join(tmpdir(), "kc-mock-"));
    firstRecord = await deployOn(first, dir);
    secondRecord = await deployOn(second, dir);

    snapshotBeforeRun = await first.rpc<string>("evm_snapshot");
    firstSummary = await generateMockHistory({
      rpc: first.url,
      record: firstRecord,
      seed: "alpha",
      events: EVENTS,
      onProgress: (done) => progress.push(done),
    });
    secondSummary = await generateMockHistory({
      rpc: httpRpc(second.url),
      record: secondRecord,
      seed: "alpha",
      events: EVENTS,
    });
  });

  after(async function () {
    await Promise.all([first?.stop(), second?.stop()]);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  describe("when the same seed runs on two fresh chains", function () {
    it("creates the same event log, block for block", async function () {
      const firstLogs = await logsOf(httpRpc(first.url), firstSummary);
      const secondLogs = await logsOf(httpRpc(second.url), secondSummary);

      expect(firstLogs.length).to.equal(firstSummary.events);
      expect(secondLogs.map(comparable)).to.deep.equal(firstLogs.map(comparable));
    });

    it("mines several transactions per block on a linked chain", async function () {
      let parent = await first.rpc<{ hash: string }>("eth_getBlockByNumber", [
        `0x${(firstSummary.fromBlock - 1).toString(16)}`,
        false,
      ]);
      let transactions = 0;
      let largest = 0;
      for (let number = firstSummary.fromBlock; number <= firstSummary.toBlock; number++) {
        const block = await first.rpc<{ hash: string; parentHash: string; transactions: string[] }>(
          "eth_getBlockByNumber",
          [`0x${number.toString(16)}`, false],
        );
        expect(block.parentHash, `block ${number}`).to.equal(parent.hash);
        transactions += block.transactions.length;
        largest = Math.max(largest, block.transactions.length);
        parent = block;
      }

      expect(transactions).to.equal(firstSummary.transactions);
      expect(largest).to.be.greaterThan(1);
      expect(firstSummary.transactions / firstSummary.blocks).to.be.greaterThan(2);
    });

    it("leaves automine on and nothing waiting in the pool", async function () {
      expect(await first.rpc<boolean>("hardhat_getAutomine")).to.equal(true);
      const pending = await first.rpc<{ transactions: string[] }>("eth_getBlockByNumber", [
        "pending",
        false,
      ]);
      expect(pending.transactions).to.deep.equal([]);
    });

    it("sets the same block timestamps", async function () {
      for (const number of [firstSummary.fromBlock, firstSummary.toBlock]) {
        const tag = `0x${number.toString(16)}`;
        const a = await first.rpc<{ timestamp: string }>("eth_getBlockByNumber", [tag, false]);
        const b = await second.rpc<{ timestamp: string }>("eth_getBlockByNumber", [tag, false]);
        expect(a.timestamp, `block ${number}`).to.equal(b.timestamp);
      }
    });

    it("returns the same summary apart from the time it took", function () {
      const { durationMs: _a, ...firstRest } = firstSummary;
      const { durationMs: _b, ...secondRest } = secondSummary;

      expect(secondRest).to.deep.equal(firstRest);
    });
  });

  describe("the summary", function () {
    it("counts at least the events asked for, and every one of them", function () {
      const byName = Object.values(firstSummary.eventsByName).reduce((sum, n) => sum + n, 0);

      expect(firstSummary.events).to.be.at.least(EVENTS);
      expect(byName).to.equal(firstSummary.events);
    });

    it("counts every block it mined, fewer than its transactions", function () {
      expect(firstSummary.toBlock - firstSummary.fromBlock + 1).to.equal(firstSummary.blocks);
      expect(firstSummary.blocks).to.be.lessThan(firstSummary.transactions);
    });

    it("gives every profile at least one account", function () {
      for (const profile of PROFILES)
        expect(firstSummary.accounts[profile], profile).to.be.at.least(1);
    });

    it("drives the payment contracts, not only the token", function () {
      for (const name of [
        "Transfer",
        "Approval",
        "PlanCreated",
        "SubscriptionCreated",
        "PaymentMade",
      ]) {
        expect(firstSummary.eventsByName[name] ?? 0, name).to.be.greaterThan(0);
      }
    });

    it("reported progress up to the final count", function () {
      expect(progress.length).to.equal(firstSummary.transactions);
      expect(progress.at(-1)).to.equal(firstSummary.events);
    });
  });

  describe("when another seed runs on the same fresh chain", function () {
    it("creates a different history", async function () {
      const alphaLogs = await logsOf(httpRpc(first.url), firstSummary);
      expect(await first.rpc("evm_revert", [snapshotBeforeRun])).to.equal(true);

      const beta = await generateMockHistory({
        rpc: first.url,
        record: firstRecord,
        seed: "beta",
        events: EVENTS,
      });
      const betaLogs = await logsOf(httpRpc(first.url), beta);

      expect(betaLogs.map(comparable)).to.not.deep.equal(alphaLogs.map(comparable));
    });
  });

  describe("when the input is wrong", function () {
    it("refuses a record of another chain", async function () {
      const stale = { ...firstRecord, genesisHash: `0x${"00".repeat(32)}` as const };

      try {
        await generateMockHistory({ rpc: first.url, record: stale, seed: "x", events: 1 });
        expect.fail("the generator accepted a stale record");
      } catch (error) {
        expect((error as Error).name).to.equal("StaleDeploymentRecordError");
      }
    });

    it("refuses a count of zero events", async function () {
      try {
        await generateMockHistory({ rpc: first.url, record: firstRecord, seed: "x", events: 0 });
        expect.fail("the generator accepted zero events");
      } catch (error) {
        expect(error).to.be.instanceOf(MockDataError);
      }
    });
  });
});
