// The reorg guard's verdicts over time, with the chain and the indexed blocks
// handed in as data (the end-to-end proof is in reorg.test.ts).
import { expect } from "chai";

import { ReorgGuard, type IndexedBlock } from "../../indexer/lib/reorg-guard.ts";

const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;

describe("reorg guard", function () {
  let indexed: IndexedBlock[];
  let chain: Map<bigint, string>;
  let now: number;
  let guard: ReorgGuard;

  beforeEach(function () {
    indexed = [
      { number: 12n, hash: hash(12) },
      { number: 11n, hash: hash(11) },
    ];
    chain = new Map([
      [11n, hash(11)],
      [12n, hash(12)],
    ]);
    now = 1_000;
    guard = new ReorgGuard(
      {
        recentIndexedBlocks: async (limit) => indexed.slice(0, limit),
        canonicalHashes: async (numbers) => numbers.map((n) => chain.get(n) ?? null),
      },
      { graceMs: 5_000, window: 64, now: () => now },
    );
  });

  describe("when every indexed block is on the chain", function () {
    it("is healthy", async function () {
      expect((await guard.check()).healthy).to.equal(true);
    });
  });

  describe("when an indexed block is orphaned", function () {
    beforeEach(function () {
      chain.set(12n, hash(99));
    });

    it("stays healthy within the grace period, as Ponder may still revert it", async function () {
      await guard.check();
      now += 4_999;

      expect((await guard.check()).healthy).to.equal(true);
    });

    it("turns unhealthy past the grace period, naming the block and both hashes", async function () {
      await guard.check();
      now += 5_000;
      const verdict = await guard.check();

      expect(verdict).to.deep.include({
        healthy: false,
        blockNumber: 12n,
        indexedHash: hash(12),
        canonicalHash: hash(99),
      });
      expect(verdict.healthy ? "" : verdict.reason).to.match(/npm run indexer:reindex/);
    });

    it("is healthy again once the orphaned row is gone", async function () {
      await guard.check();
      now += 6_000;
      indexed = [{ number: 12n, hash: hash(99) }, ...indexed.slice(1)];

      expect((await guard.check()).healthy).to.equal(true);
    });
  });

  describe("when the chain is now shorter than an indexed block", function () {
    it("treats the missing height as orphaned", async function () {
      chain.delete(12n);
      await guard.check();
      now += 5_000;
      const verdict = await guard.check();

      expect(verdict).to.deep.include({ healthy: false, blockNumber: 12n, canonicalHash: null });
    });
  });
});
