/**
 * Resets a local node to a fresh chain and deploys the KC system again, so
 * the record matches the new chain. Hardhat 3's node does not support
 * `hardhat_reset`, so "fresh" is the genesis snapshot taken at block 0 (see
 * snapshot.ts): the node returns to block 0 with the genesis it started with.
 */
import type { Rpc } from "./rpc.ts";
import { revertToGenesis, SNAPSHOT_STATE_FILE } from "./snapshot.ts";

export interface ResetDependencies {
  rpc: Rpc;
  /** Deploys the system and writes the record; the reset command passes deploySystem. */
  deploy: () => Promise<void>;
  snapshotStateFile?: string;
}

export async function resetChain(deps: ResetDependencies): Promise<{ blockNumber: number }> {
  await revertToGenesis(deps.rpc, deps.snapshotStateFile ?? SNAPSHOT_STATE_FILE);
  await deps.deploy();

  return { blockNumber: Number(await deps.rpc.request<string>("eth_blockNumber")) };
}
