/**
 * Local chains for development: a fresh Hardhat node with the KC system
 * deployed (`npm run chain`), or a node forking another chain at a block
 * (`npm run fork`). Both run in-process through Hardhat's own JSON-RPC server
 * (what `hardhat node` runs), bound to 127.0.0.1 only.
 */
import { createServer as createNetServer } from "node:net";

import { upgrades } from "@openzeppelin/hardhat-upgrades";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { readSystemSettings } from "../../deploy/contracts.ts";
import { deploySystem, type DeployResult } from "../../deploy/deploy.ts";
import { connectNetwork } from "../../deploy/network.ts";
import { httpRpc, NodeUnreachableError, RpcError, type Rpc } from "./rpc.ts";
import { rememberGenesis } from "./snapshot.ts";

export const LOCAL_HOSTNAME = "127.0.0.1";

export interface RunningNode {
  url: string;
  port: number;
  rpc: Rpc;
  close(): Promise<void>;
}

/** The node could not be started as asked; the message says why. */
export class LocalNodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LocalNodeError";
  }
}

async function startServer(
  hre: HardhatRuntimeEnvironment,
  port: number,
  forking?: { url: string; blockNumber?: number },
): Promise<RunningNode> {
  // Checked first: Hardhat's server reports a taken port as an uncaught error.
  if (port !== 0) await assertPortFree(port);

  const server = await hre.network.createServer(
    { network: "default", override: forking === undefined ? undefined : { forking } },
    LOCAL_HOSTNAME,
    port,
  );

  const listening = await server.listen();
  const url = `http://${LOCAL_HOSTNAME}:${listening.port}`;
  return { url, port: listening.port, rpc: httpRpc(url), close: () => server.close() };
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new LocalNodeError(`port ${port} on ${LOCAL_HOSTNAME} is taken: pass another --port`)
          : error,
      ),
    );
    probe.listen(port, LOCAL_HOSTNAME, () => probe.close(() => resolve()));
  });
}

export interface ChainOptions {
  hre: HardhatRuntimeEnvironment;
  /** 0 picks a free port. */
  port: number;
  /** The record file the deploy writes (deployments/localhost.json for `npm run chain`). */
  recordFile: string;
  log: (line: string) => void;
  /** Where the genesis snapshot id is remembered (default cache/kc-sandbox/snapshots.json). */
  snapshotStateFile?: string;
}

/** Starts a fresh local node, takes its genesis snapshot and deploys the KC system. */
export async function startChain(
  options: ChainOptions,
): Promise<RunningNode & { deployment: DeployResult }> {
  const node = await startServer(options.hre, options.port);

  try {
    await rememberGenesis(node.rpc, options.snapshotStateFile);

    const connection = await connectNetwork(options.hre, {
      name: "localhost",
      url: node.url,
      accounts: "remote",
    });
    try {
      const deployment = await deploySystem({
        hre: options.hre,
        connection,
        upgradesApi: await upgrades(options.hre, connection),
        network: "localhost",
        recordFile: options.recordFile,
        settings: readSystemSettings(process.env),
        log: options.log,
      });
      return { ...node, deployment };
    } finally {
      await connection.close();
    }
  } catch (error) {
    await node.close();
    throw error;
  }
}

export interface ForkOptions {
  hre: HardhatRuntimeEnvironment;
  port: number;
  /** The upstream chain's JSON-RPC URL. */
  upstream: string;
  /** The block to fork at; the upstream's latest when undefined. */
  blockNumber?: number;
}

/**
 * Starts a node forking `upstream` at a block. The first call that executes
 * against a freshly forked chain can fail with "No known hardfork for
 * execution on historical block"; one block is mined before the node is
 * handed over, after which it does not happen.
 */
export async function startFork(
  options: ForkOptions,
): Promise<RunningNode & { forkBlock: number }> {
  const upstream = httpRpc(options.upstream);
  let latest: number;
  try {
    latest = Number(await upstream.request<string>("eth_blockNumber"));
  } catch (error) {
    if (error instanceof NodeUnreachableError || error instanceof RpcError) {
      throw new LocalNodeError(
        `cannot read the upstream chain at ${options.upstream}: ${error.message}`,
      );
    }
    throw error;
  }

  const forkBlock = options.blockNumber ?? latest;
  if (forkBlock > latest) {
    throw new LocalNodeError(`--block ${forkBlock} is past the upstream's latest block ${latest}`);
  }

  const node = await startServer(options.hre, options.port, {
    url: options.upstream,
    blockNumber: forkBlock,
  });

  try {
    await node.rpc.request("evm_mine");
  } catch (error) {
    await node.close();
    throw error;
  }

  return { ...node, forkBlock };
}
