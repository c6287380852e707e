import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { upgrades } from "@openzeppelin/hardhat-upgrades";
import { expect } from "chai";
import { Interface } from "ethers";
import hre from "hardhat";

import { ERC1967_IMPLEMENTATION_SLOT } from "../../deploy/chain.ts";
import { readSystemSettings } from "../../deploy/contracts.ts";
import { deploySystem } from "../../deploy/deploy.ts";
import { connectNetwork } from "../../deploy/network.ts";
import type { DeploymentRecord } from "../../deploy/record.ts";
import { startFork, type RunningNode } from "../../scripts/sandbox/local-node.ts";
import { httpRpc, type Rpc } from "../../scripts/sandbox/rpc.ts";
import { freePort, startHardhatNode, type LocalNode } from "../helpers/node.ts";
import { KC } from "../helpers/token.ts";

const HOLDER = "0x000000000000000000000000000000000000cafe";
const TOKEN = new Interface([
  "function mint(address to, uint256 amount)",
  "function balanceOf(address account) view returns (uint256)",
]);

interface RpcLog {
  address: string;
  blockNumber: string;
  transactionHash: string;
  logIndex: string;
  topics: string[];
  data: string;
}

describe("fork (a second local node forking the first)", function () {
  this.timeout(120_000);

  let upstream: LocalNode;
  let upstreamRpc: Rpc;
  let fork: RunningNode & { forkBlock: number };
  let record: DeploymentRecord;
  let deployer: string;
  let dir: string;

  const balanceAt = async (rpc: Rpc, block: string) =>
    BigInt(
      await rpc.request<string>("eth_call", [
        {
          to: record.contracts.KatyCoin.proxy,
          data: TOKEN.encodeFunctionData("balanceOf", [HOLDER]),
        },
        block,
      ]),
    );
  const send = (rpc: Rpc, fn: string, args: unknown[]) =>
    rpc.request<string>("eth_sendTransaction", [
      {
        from: deployer,
        to: record.contracts.KatyCoin.proxy,
        data: TOKEN.encodeFunctionData(fn, args),
      },
    ]);
  const logsUpTo = (rpc: Rpc, block: number) =>
    rpc.request<RpcLog[]>("eth_getLogs", [
      {
        fromBlock: "0x0",
        toBlock: `0x${block.toString(16)}`,
        address: record.contracts.KatyCoin.proxy,
      },
    ]);

  before(async function () {
    upstream = await startHardhatNode();
    upstreamRpc = httpRpc(upstream.url);
    dir = mkdtempSync(join(tmpdir(), "kc-fork-"));

    const connection = await connectNetwork(hre, {
      name: "localhost",
      url: upstream.url,
      accounts: "remote",
    });
    try {
      const result = await deploySystem({
        hre,
        connection,
        upgradesApi: await upgrades(hre, connection),
        network: "localhost",
        recordFile: join(dir, "localhost.json"),
        settings: readSystemSettings({}),
        log: () => {},
      });
      record = result.record!;
    } finally {
      await connection.close();
    }
    deployer = record.deployer;

    // History before the fork block: a mint to the holder.
    await send(upstreamRpc, "mint", [HOLDER, 70n * KC]);
    const forkBlock = Number(await upstreamRpc.request<string>("eth_blockNumber"));

    // History after it, which the fork must not see.
    await send(upstreamRpc, "mint", [HOLDER, 5n * KC]);

    fork = await startFork({
      hre,
      port: await freePort(),
      upstream: upstream.url,
      blockNumber: forkBlock,
    });
  });

  after(async function () {
    await fork?.close();
    await upstream?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("mines one block right away, so the first call already works", async function () {
    expect(Number(await fork.rpc.request<string>("eth_blockNumber"))).to.equal(fork.forkBlock + 1);
    expect(await balanceAt(fork.rpc, "latest")).to.equal(70n * KC);
  });

  it("reads balances as the upstream had them at the fork block", async function () {
    const atForkBlock = await balanceAt(upstreamRpc, `0x${fork.forkBlock.toString(16)}`);

    expect(atForkBlock).to.equal(70n * KC);
    expect(await balanceAt(fork.rpc, "latest")).to.equal(atForkBlock);
    expect(await balanceAt(upstreamRpc, "latest")).to.equal(75n * KC);
  });

  it("reads the proxies' ERC-1967 implementation slot from the upstream", async function () {
    for (const [name, entry] of Object.entries(record.contracts)) {
      const read = (rpc: Rpc) =>
        rpc.request<string>("eth_getStorageAt", [
          entry.proxy,
          ERC1967_IMPLEMENTATION_SLOT,
          `0x${fork.forkBlock.toString(16)}`,
        ]);
      const onFork = await read(fork.rpc);

      expect(onFork, name).to.equal(await read(upstreamRpc));
      expect(`0x${onFork.slice(-40)}`, name).to.equal(entry.implementation.toLowerCase());
    }
  });

  it("serves the upstream's logs up to the fork block", async function () {
    const fromUpstream = await logsUpTo(upstreamRpc, fork.forkBlock);
    const fromFork = await logsUpTo(fork.rpc, fork.forkBlock);
    const shape = (log: RpcLog) => ({
      blockNumber: Number(log.blockNumber),
      transactionHash: log.transactionHash,
      logIndex: Number(log.logIndex),
      topics: log.topics,
      data: log.data,
    });

    expect(fromUpstream.length).to.be.greaterThan(3);
    expect(fromFork.map(shape)).to.deep.equal(fromUpstream.map(shape));
  });

  it("keeps blocks mined on the fork away from the upstream", async function () {
    const upstreamHead = await upstreamRpc.request<string>("eth_blockNumber");

    const hash = await send(fork.rpc, "mint", [HOLDER, 1n * KC]);
    await fork.rpc.request("evm_mine");

    expect(await fork.rpc.request("eth_getTransactionByHash", [hash])).to.not.equal(null);
    expect(await upstreamRpc.request("eth_getTransactionByHash", [hash])).to.equal(null);
    expect(await upstreamRpc.request<string>("eth_blockNumber")).to.equal(upstreamHead);
    expect(await balanceAt(fork.rpc, "latest")).to.equal(71n * KC);
    expect(await balanceAt(upstreamRpc, "latest")).to.equal(75n * KC);
  });
});
