// Detects a reorganisation that Ponder did not revert.
//
// Ponder reverts reorgs within its finality window (30 blocks on a local
// chain) within about a poll interval. A deeper one leaves the orphaned rows
// in place and Ponder keeps reporting ready. The guard compares the hashes
// recorded in the `block` table for the most recent indexed blocks with the
// chain's hashes at the same heights; a block that stays orphaned for longer
// than a grace period (far longer than Ponder takes to revert a shallow reorg)
// means the data served no longer matches the chain.
//
// NOTE: only the newest `window` indexed blocks are compared. A reorg that
// orphans only older blocks while newer ones still match cannot happen on a
// chain (a fork replaces every block above its base), so this covers every
// reorg whose base is within the window of the indexed tip.

/** A block as indexed: its height and the hash it had then. */
export interface IndexedBlock {
  number: bigint;
  hash: string;
}

export interface ReorgGuardSource {
  /** The newest indexed blocks, highest first. */
  recentIndexedBlocks(limit: number): Promise<IndexedBlock[]>;
  /** The chain's current hash at each height, or null where the chain is shorter. */
  canonicalHashes(numbers: readonly bigint[]): Promise<(string | null)[]>;
}

export type GuardVerdict =
  | { healthy: true; checkedAt: number }
  | {
      healthy: false;
      checkedAt: number;
      reason: string;
      blockNumber: bigint;
      indexedHash: string;
      canonicalHash: string | null;
    };

export interface ReorgGuardOptions {
  /** How long an orphaned block may stay indexed before the data is declared stale. */
  graceMs: number;
  /** How many of the newest indexed blocks are compared with the chain. */
  window: number;
  now?: () => number;
}

export class ReorgGuard {
  // When each orphaned (height, hash) pair was first seen; cleared once it is gone.
  readonly #orphanSince = new Map<string, number>();
  readonly #now: () => number;

  constructor(
    private readonly source: ReorgGuardSource,
    private readonly options: ReorgGuardOptions,
  ) {
    this.#now = options.now ?? Date.now;
  }

  async check(): Promise<GuardVerdict> {
    const now = this.#now();
    const indexed = await this.source.recentIndexedBlocks(this.options.window);
    const canonical = await this.source.canonicalHashes(indexed.map((b) => b.number));

    const orphans = new Set<string>();
    let worst: GuardVerdict = { healthy: true, checkedAt: now };

    indexed.forEach((block, i) => {
      const chainHash = canonical[i] ?? null;
      if (chainHash !== null && chainHash.toLowerCase() === block.hash.toLowerCase()) return;

      const key = `${block.number}:${block.hash}`;
      orphans.add(key);
      const since = this.#orphanSince.get(key) ?? now;
      this.#orphanSince.set(key, since);

      if (now - since < this.options.graceMs) return;

      // The lowest orphaned height is reported: it is where re-indexing must begin.
      worst = {
        healthy: false,
        checkedAt: now,
        reason:
          `indexed block ${block.number} (${block.hash}) is no longer on the chain ` +
          `(the chain has ${chainHash ?? "no block"} there) and was not reverted: ` +
          "a reorg deeper than finality; run `npm run indexer:reindex`",
        blockNumber: block.number,
        indexedHash: block.hash,
        canonicalHash: chainHash,
      };
    });

    for (const key of this.#orphanSince.keys()) {
      if (!orphans.has(key)) this.#orphanSince.delete(key);
    }

    return worst;
  }
}
