// Writes one `as const` TypeScript module per indexed contract into
// indexer/abis/, taken from Hardhat's artifacts. Ponder types event arguments
// from literal ABI types, which a JSON import cannot give; the modules are
// committed so the indexer type-checks on a fresh clone before any compile,
// and test/indexer/abis.test.ts fails when they drift from the artifacts.
// They are written in the project's prettier style, so `npm run lint` passes
// without a separate format step.
//
//   npm run indexer:abis        (after `npx hardhat build`)
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

import * as prettier from "prettier";

import { INDEXED_CONTRACTS, abiModuleSource, artifactPath } from "../lib/abi-modules.ts";

const root = path.resolve(import.meta.dirname, "../..");
// Every module lands in the same folder, so one prettier config serves all.
const prettierOptions = await prettier.resolveConfig(path.join(root, "indexer", "abis", "x.ts"));

for (const contract of INDEXED_CONTRACTS) {
  const artifact = artifactPath(root, contract);
  if (!existsSync(artifact)) {
    console.error(`${artifact} not found: run \`npx hardhat build\` first`);
    process.exit(1);
  }

  const { abi } = JSON.parse(readFileSync(artifact, "utf8")) as { abi: unknown[] };
  const target = path.join(root, "indexer", "abis", `${contract.name}.ts`);
  const temporary = `${target}.tmp`;

  const source = await prettier.format(abiModuleSource(contract.name, abi), {
    ...prettierOptions,
    filepath: target,
  });

  writeFileSync(temporary, source);
  renameSync(temporary, target);
  console.log(`wrote ${path.relative(root, target)}`);
}
