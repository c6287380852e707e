// What the gas benchmarks share: measuring a transaction and keeping a
// snapshot of the figures in the repository.
import { readFileSync, renameSync, writeFileSync } from "node:fs";

import type { ContractTransactionResponse } from "ethers";

export type GasTable = Record<string, bigint>;

/**
 * A deadline for permits and escrows: 2100-01-01. One derived from the clock
 * would change signatures and the calldata's zero bytes from run to run, and
 * with them the gas by a few units, enough to trip the snapshot check.
 */
export const FIXED_DEADLINE = 4_102_444_800n;

/** The gas a whole transaction used, as its receipt reports it. */
export async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("the transaction was dropped");
  return receipt.gasUsed;
}

/** The checked-in figures, or an empty table before the first snapshot. */
export function readSnapshot(file: string): Record<string, number> {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, number>;
  } catch {
    return {};
  }
}

/** Writes the figures through a temporary file, so a crash leaves the old ones. */
export function writeSnapshot(file: string, table: GasTable): void {
  const plain = Object.fromEntries(Object.entries(table).map(([k, v]) => [k, Number(v)]));
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(plain, null, 2) + "\n");
  renameSync(temp, file);
}
