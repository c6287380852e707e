/**
 * Time travel on a local node: moves the clock forward and mines blocks.
 *
 * Blocks are mined in chunks of at most 7 with `hardhat_mine`: with 8 or more
 * in one call, Hardhat 3.18's node returns blocks whose parentHash is zero,
 * and indexers that follow the chain by parent hash stall for good
 * (docs/shared DESIGN.md, "Local chain").
 */
import { assertLocalChain } from "./local-chain.ts";
import { toQuantity, type Rpc } from "./rpc.ts";

/** The largest `hardhat_mine` count that still links blocks by parentHash. */
export const MAX_SAFE_MINE_CHUNK = 7;

export interface TimeTravel {
  /** Seconds to move the clock forward; the next block carries the new time. */
  seconds: number;
  /** Blocks to mine; at least one when seconds > 0, so the new time is on chain. */
  blocks: number;
}

export interface ChainHead {
  number: number;
  timestamp: number;
}

export async function travelInTime(rpc: Rpc, travel: TimeTravel): Promise<ChainHead> {
  await assertLocalChain(rpc, "time");

  if (travel.seconds > 0) await rpc.request("evm_increaseTime", [travel.seconds]);
  await mineBlocks(rpc, Math.max(travel.blocks, travel.seconds > 0 ? 1 : 0));

  return readHead(rpc);
}

export async function mineBlocks(rpc: Rpc, count: number): Promise<void> {
  for (let left = count; left > 0; left -= MAX_SAFE_MINE_CHUNK) {
    await rpc.request("hardhat_mine", [toQuantity(Math.min(left, MAX_SAFE_MINE_CHUNK))]);
  }
}

export async function readHead(rpc: Rpc): Promise<ChainHead> {
  const block = await rpc.request<{ number: string; timestamp: string }>("eth_getBlockByNumber", [
    "latest",
    false,
  ]);
  return { number: Number(block.number), timestamp: Number(block.timestamp) };
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800 };

/**
 * Parses a duration: whole seconds ("90") or a sum of parts with units
 * s, m, h, d, w ("1d12h", "30m"). Returns null when it is not one.
 */
export function parseDuration(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^(\d+[smhdw])+$/.test(text)) return null;

  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([smhdw])/g)) {
    seconds += Number(amount) * UNITS[unit];
  }
  return seconds;
}
