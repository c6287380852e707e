// The committed ABI modules in indexer/abis/ must match what the compiler
// produced; otherwise the indexer would decode events with a stale ABI.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { expect } from "chai";

import { INDEXED_CONTRACTS, artifactPath } from "../../indexer/lib/abi-modules.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("indexer ABI modules", function () {
  for (const contract of INDEXED_CONTRACTS) {
    it(`match the compiled ABI of ${contract.name} (else run \`npm run indexer:abis\`)`, async function () {
      const { abi } = JSON.parse(readFileSync(artifactPath(ROOT, contract), "utf8"));
      const file = path.join(ROOT, "indexer", "abis", `${contract.name}.ts`);
      const module = await import(pathToFileURL(file).href);

      expect(module[`${contract.name}Abi`]).to.deep.equal(abi);
    });
  }
});
