/**
 * The guard every sandbox tool runs first: faucet, time travel, snapshot,
 * revert and reset rewrite a chain's state, so they refuse any node that is
 * not a local Hardhat node (see docs/decisions/0022-sandbox-local-only.md).
 *
 * A node counts as local when both hold:
 * - its URL points at this machine (127.0.0.1, localhost or ::1), or it is an
 *   in-process chain with no URL;
 * - it answers `hardhat_metadata`, which only Hardhat nodes (plain or forking)
 *   do. A chain id of 31337 alone proves nothing: any node can be set to it.
 */
import type { Rpc } from "./rpc.ts";

/** The tool was pointed at a chain that is not a local Hardhat node. */
export class NotLocalChainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotLocalChainError";
  }
}

export interface HardhatMetadata {
  clientVersion: string;
  chainId: number;
  instanceId: string;
  latestBlockNumber: number;
  forkedNetwork?: { chainId: number; forkBlockNumber: number } | null;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export async function assertLocalChain(rpc: Rpc, tool: string): Promise<HardhatMetadata> {
  if (rpc.url !== undefined) {
    const host = new URL(rpc.url).hostname;
    if (!LOOPBACK_HOSTS.has(host)) {
      throw new NotLocalChainError(
        `${tool} refuses ${rpc.url}: it only runs against a Hardhat node on this machine`,
      );
    }
  }

  try {
    return await rpc.request<HardhatMetadata>("hardhat_metadata");
  } catch (error) {
    if (error instanceof Error && error.name === "NodeUnreachableError") throw error;
    throw new NotLocalChainError(
      `${tool} refuses ${rpc.url ?? "this chain"}: it does not answer hardhat_metadata, ` +
        "so it is not a local Hardhat node",
    );
  }
}
