import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { upgrades } from "@openzeppelin/hardhat-upgrades";
import { expect } from "chai";
import hre from "hardhat";

import { readSystemSettings } from "../../../deploy/contracts.ts";
import { deploySystem, type Connection } from "../../../deploy/deploy.ts";
import { connectNetwork } from "../../../deploy/network.ts";
import { readDeploymentRecord, type DeploymentRecord } from "../../../deploy/record.ts";
import { runFaucet } from "../../../scripts/sandbox/faucet.ts";
import { assertLocalChain, NotLocalChainError } from "../../../scripts/sandbox/local-chain.ts";
import { resetChain } from "../../../scripts/sandbox/reset.ts";
import { httpRpc, type Rpc } from "../../../scripts/sandbox/rpc.ts";
import {
  rememberGenesis,
  revertToSnapshot,
  SnapshotError,
  takeSnapshot,
} from "../../../scripts/sandbox/snapshot.ts";
import { travelInTime } from "../../../scripts/sandbox/time.ts";
import { freePort, startHardhatNode, type LocalNode } from "../../helpers/node.ts";
import { KC } from "../../helpers/token.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const RECIPIENT = "0x000000000000000000000000000000000000bEEF";

interface Block {
  number: string;
  hash: string;
  parentHash: string;
  timestamp: string;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the promise to reject, and it resolved");
}

describe("sandbox tools (on a hardhat node)", function () {
  this.timeout(120_000);

  let node: LocalNode;
  let rpc: Rpc;
  let connection: Connection;
  let dir: string;
  let recordFile: string;
  let stateFile: string;

  const deploy = async () => {
    const upgradesApi = await upgrades(hre, connection);
    await deploySystem({
      hre,
      connection,
      upgradesApi,
      network: "localhost",
      recordFile,
      settings: readSystemSettings({}),
      log: () => {},
    });
  };
  const record = (): DeploymentRecord => readDeploymentRecord(recordFile);
  const kcBalance = async (account: string) =>
    (
      await connection.ethers.getContractAt("KatyCoin", record().contracts.KatyCoin.proxy)
    ).balanceOf(account);

  before(async function () {
    node = await startHardhatNode();
    rpc = httpRpc(node.url);
    dir = mkdtempSync(join(tmpdir(), "kc-sandbox-"));
    recordFile = join(dir, "localhost.json");
    stateFile = join(dir, "snapshots.json");
    connection = await connectNetwork(hre, {
      name: "localhost",
      url: node.url,
      accounts: "remote",
    });

    expect(await rememberGenesis(rpc, stateFile)).to.equal(true);
    await deploy();
  });

  after(async function () {
    await connection?.close();
    await node?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  describe("faucet", function () {
    it("sets the ETH balance and mints KC to any address", async function () {
      const result = await runFaucet(rpc, record(), { to: RECIPIENT, kc: 250n * KC, eth: 3n * KC });

      expect(result).to.deep.equal({ ethBalance: 3n * KC, kcBalance: 250n * KC });
      expect(await connection.ethers.provider.getBalance(RECIPIENT)).to.equal(3n * KC);
      expect(await kcBalance(RECIPIENT)).to.equal(250n * KC);
    });

    it("adds to the KC balance on a second call", async function () {
      const result = await runFaucet(rpc, record(), { to: RECIPIENT, kc: 1n * KC });

      expect(result.kcBalance).to.equal(251n * KC);
    });
  });

  describe("time travel", function () {
    it("advances the clock and mines 50 blocks that all link to their parents", async function () {
      const start = await rpc.request<Block>("eth_getBlockByNumber", ["latest", false]);

      const head = await travelInTime(rpc, { seconds: 86_400, blocks: 50 });

      expect(head.number).to.equal(Number(start.number) + 50);
      expect(head.timestamp - Number(start.timestamp)).to.be.at.least(86_400);

      let previous = start;
      for (let number = Number(start.number) + 1; number <= head.number; number++) {
        const block = await rpc.request<Block>("eth_getBlockByNumber", [
          `0x${number.toString(16)}`,
          false,
        ]);
        expect(block.parentHash, `block ${number}`).to.equal(previous.hash);
        previous = block;
      }
    });

    it("keeps the links through `npm run time -- --blocks 50 --advance 1h`", async function () {
      const start = Number(await rpc.request<string>("eth_blockNumber"));

      const output = execFileSync(
        join(ROOT, "node_modules", ".bin", "node"),
        [
          "scripts/sandbox/commands/time.ts",
          "--blocks",
          "50",
          "--advance",
          "1h",
          "--rpc-url",
          node.url,
        ],
        { cwd: ROOT, encoding: "utf8" },
      );

      expect(output).to.match(new RegExp(`^now at block ${start + 50}, time `));
      for (let number = start + 1; number <= start + 50; number++) {
        const [block, parent] = await Promise.all([
          rpc.request<Block>("eth_getBlockByNumber", [`0x${number.toString(16)}`, false]),
          rpc.request<Block>("eth_getBlockByNumber", [`0x${(number - 1).toString(16)}`, false]),
        ]);
        expect(block.parentHash, `block ${number}`).to.equal(parent.hash);
      }
    });

    it("mines one block to carry a time jump when no block count is given", async function () {
      const start = await rpc.request<Block>("eth_getBlockByNumber", ["latest", false]);

      const head = await travelInTime(rpc, { seconds: 3_600, blocks: 0 });

      expect(head.number).to.equal(Number(start.number) + 1);
      expect(head.timestamp - Number(start.timestamp)).to.be.at.least(3_600);
    });
  });

  describe("snapshot and revert", function () {
    it("returns to the latest snapshot, undoing what happened after it", async function () {
      await takeSnapshot(rpc, stateFile);
      await runFaucet(rpc, record(), { to: RECIPIENT, kc: 9n * KC });
      expect(await kcBalance(RECIPIENT)).to.equal(260n * KC);

      await revertToSnapshot(rpc, undefined, stateFile);

      expect(await kcBalance(RECIPIENT)).to.equal(251n * KC);
    });

    it("refuses a revert when no snapshot is remembered", async function () {
      const error = await rejection(revertToSnapshot(rpc, undefined, stateFile));

      expect(error).to.be.instanceOf(SnapshotError);
      expect(error.message).to.match(/no snapshot of this node is remembered/);
    });
  });

  describe("reset", function () {
    it("returns to block 0, redeploys the system and leaves nothing of the old state", async function () {
      const genesis = await rpc.request<Block>("eth_getBlockByNumber", ["0x0", false]);
      const before = record();

      const result = await resetChain({ rpc, deploy, snapshotStateFile: stateFile });

      expect(result.blockNumber).to.be.below(20);
      expect(record().genesisHash).to.equal(genesis.hash);
      expect(record().contracts.KatyCoin.proxy).to.equal(before.contracts.KatyCoin.proxy);
      expect(
        await connection.ethers.provider.getCode(record().contracts.KatyCoin.proxy),
      ).to.not.equal("0x");
      expect(await kcBalance(RECIPIENT)).to.equal(0n);
      expect(await connection.ethers.provider.getBalance(RECIPIENT)).to.equal(0n);
    });

    it("can reset again (the genesis snapshot is renewed)", async function () {
      await runFaucet(rpc, record(), { to: RECIPIENT, kc: 5n * KC });

      await resetChain({ rpc, deploy, snapshotStateFile: stateFile });

      expect(await kcBalance(RECIPIENT)).to.equal(0n);
    });
  });

  describe("the local-chain guard", function () {
    let impostor: Server;
    let impostorUrl: string;

    before(async function () {
      // A JSON-RPC server on this machine that claims chain id 31337 but is
      // not a Hardhat node: it knows no hardhat_* method.
      impostor = createServer((request, response) => {
        let body = "";
        request.on("data", (chunk) => (body += chunk));
        request.on("end", () => {
          const { id, method } = JSON.parse(body);
          const answer =
            method === "eth_chainId"
              ? { jsonrpc: "2.0", id, result: "0x7a69" }
              : { jsonrpc: "2.0", id, error: { code: -32601, message: `${method} not found` } };
          response.setHeader("content-type", "application/json");
          response.end(JSON.stringify(answer));
        });
      });
      const port = await freePort();
      await new Promise<void>((resolve) => impostor.listen(port, "127.0.0.1", resolve));
      impostorUrl = `http://127.0.0.1:${port}`;
    });

    after(async function () {
      await new Promise((resolve) => impostor?.close(resolve));
    });

    it("accepts the hardhat node", async function () {
      const metadata = await assertLocalChain(rpc, "faucet");

      expect(metadata.chainId).to.equal(31337);
    });

    it("refuses a node that does not answer hardhat_metadata, even on chain 31337", async function () {
      const error = await rejection(
        runFaucet(httpRpc(impostorUrl), record(), { to: RECIPIENT, kc: 1n }),
      );

      expect(error).to.be.instanceOf(NotLocalChainError);
      expect(error.message).to.equal(
        `faucet refuses ${impostorUrl}: it does not answer hardhat_metadata, so it is not a local Hardhat node`,
      );
    });

    it("refuses a node that is not on this machine, before contacting it", async function () {
      const error = await rejection(
        travelInTime(httpRpc("http://192.0.2.1:8545"), { seconds: 1, blocks: 1 }),
      );

      expect(error).to.be.instanceOf(NotLocalChainError);
      expect(error.message).to.equal(
        "time refuses http://192.0.2.1:8545: it only runs against a Hardhat node on this machine",
      );
    });
  });
});
