/**
 * Snapshots and reverts of a local node. The node hands out snapshot ids; the
 * ids taken through these tools are remembered per node instance
 * (hardhat_metadata's instanceId) in cache/kc-sandbox/snapshots.json, so
 * `revert` without an id returns to the latest one. Reverting to a snapshot
 * consumes it and every later one (the node forgets them), and the list
 * follows.
 *
 * One snapshot is special: the genesis snapshot, taken at block 0 before the
 * KC system is deployed. `reset` reverts to it, because Hardhat 3's node does
 * not support `hardhat_reset`.
 *
 * WARNING: a revert to before `npm run deploy` leaves deployments/<network>.json
 * naming contracts that no longer exist; the next deploy notices and redeploys.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

import { assertLocalChain } from "./local-chain.ts";
import type { Rpc } from "./rpc.ts";

export const SNAPSHOT_STATE_FILE = join("cache", "kc-sandbox", "snapshots.json");

interface NodeSnapshots {
  /** Taken at block 0; reset reverts to it. */
  genesis?: string;
  /** Taken by the user, oldest first. */
  snapshots: string[];
}

type SnapshotState = Record<string, NodeSnapshots>;

export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SnapshotError";
  }
}

export async function takeSnapshot(rpc: Rpc, stateFile = SNAPSHOT_STATE_FILE): Promise<string> {
  const { instanceId } = await assertLocalChain(rpc, "snapshot");
  const snapshotId = await rpc.request<string>("evm_snapshot");

  updateNode(stateFile, instanceId, (node) => ({
    ...node,
    snapshots: [...node.snapshots, snapshotId],
  }));
  return snapshotId;
}

/** Reverts to `snapshotId`, or to the latest remembered snapshot; returns the id used. */
export async function revertToSnapshot(
  rpc: Rpc,
  snapshotId?: string,
  stateFile = SNAPSHOT_STATE_FILE,
): Promise<string> {
  const { instanceId } = await assertLocalChain(rpc, "revert");
  const known = readState(stateFile)[instanceId]?.snapshots ?? [];
  const target = snapshotId ?? known.at(-1);

  if (target === undefined) {
    throw new SnapshotError(
      "no snapshot of this node is remembered: take one with `npm run snapshot` or pass --id",
    );
  }

  if (!(await rpc.request<boolean>("evm_revert", [target]))) {
    throw new SnapshotError(
      `the node has no snapshot ${target} (already reverted to, or taken before a restart)`,
    );
  }

  updateNode(stateFile, instanceId, (node) => ({
    ...node,
    snapshots: node.snapshots.filter((id) => BigInt(id) < BigInt(target)),
  }));
  return target;
}

/**
 * Takes the genesis snapshot if the node is still at block 0 and has none;
 * returns whether the node now has one. Call it before deploying.
 */
export async function rememberGenesis(rpc: Rpc, stateFile = SNAPSHOT_STATE_FILE): Promise<boolean> {
  const { instanceId, latestBlockNumber } = await assertLocalChain(rpc, "reset");
  if (readState(stateFile)[instanceId]?.genesis !== undefined) return true;
  if (latestBlockNumber !== 0) return false;

  const genesis = await rpc.request<string>("evm_snapshot");
  updateNode(stateFile, instanceId, (node) => ({ ...node, genesis }));
  return true;
}

/**
 * Reverts the node to block 0 and takes a new genesis snapshot (the revert
 * consumed the old one). Every user snapshot is forgotten.
 */
export async function revertToGenesis(rpc: Rpc, stateFile = SNAPSHOT_STATE_FILE): Promise<void> {
  const { instanceId } = await assertLocalChain(rpc, "reset");
  const genesis = readState(stateFile)[instanceId]?.genesis;

  if (genesis === undefined || !(await rpc.request<boolean>("evm_revert", [genesis]))) {
    throw new SnapshotError(
      "this node has no genesis snapshot (it was not started by `npm run chain`, and nothing " +
        "was deployed to it at block 0 by npm run deploy): restart it with `npm run chain`",
    );
  }

  const fresh = await rpc.request<string>("evm_snapshot");
  updateNode(stateFile, instanceId, () => ({ genesis: fresh, snapshots: [] }));
}

function updateNode(
  file: string,
  instanceId: string,
  change: (node: NodeSnapshots) => NodeSnapshots,
): void {
  const state = readState(file);
  state[instanceId] = change(state[instanceId] ?? { snapshots: [] });
  writeState(file, state);
}

function readState(file: string): SnapshotState {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as SnapshotState;
  } catch {
    return {};
  }
}

function writeState(file: string, state: SnapshotState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, file);
}
