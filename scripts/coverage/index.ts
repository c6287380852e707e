// `npm run coverage`: runs every test with Hardhat's coverage instrumentation
// and fails when the project's own contracts fall below the thresholds.
// `npm run coverage -- --report-only` judges the last run's data again.
//
// Lines come from Hardhat's lcov report. Hardhat 3 records no branches, so
// branches of `if` statements and `try` clauses are derived from its statement
// data by ./branches.ts (see the NOTE there for what it cannot judge).
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import { latestSupportedSolidityVersion } from "@nomicfoundation/edr";

import { type Branch, branchesOf } from "./branches.ts";

const require = createRequire(import.meta.url);

const LINE_THRESHOLD = 95;
const BRANCH_THRESHOLD = 90;
const COVERED_ROOTS = ["contracts/"];

interface FileCoverage {
  file: string;
  linesFound: number;
  linesHit: number;
  branchesFound: number;
  branchesHit: number;
}

export function parseLcov(text: string): FileCoverage[] {
  const files: FileCoverage[] = [];
  let current: FileCoverage | undefined;

  for (const line of text.split("\n")) {
    const [key, value = ""] = line.split(":", 2);
    if (key === "SF") {
      current = { file: value, linesFound: 0, linesHit: 0, branchesFound: 0, branchesHit: 0 };
      files.push(current);
    } else if (current && key === "LF") current.linesFound = Number(value);
    else if (current && key === "LH") current.linesHit = Number(value);
    else if (current && key === "BRF") current.branchesFound = Number(value);
    else if (current && key === "BRH") current.branchesHit = Number(value);
  }

  return files;
}

function percent(hit: number, found: number): number {
  return found === 0 ? 100 : (100 * hit) / found;
}

/** Every statement tag that ran in any test run of the last coverage pass. */
function readHitTags(dataDir: string): Set<string> {
  const tags = new Set<string>();
  for (const runner of readdirSync(dataDir)) {
    for (const file of readdirSync(path.join(dataDir, runner))) {
      const counts = JSON.parse(readFileSync(path.join(dataDir, runner, file), "utf8"));
      for (const [tag, count] of Object.entries(counts)) {
        if (Number(count) > 0) tags.add(tag);
      }
    }
  }
  return tags;
}

/** The version EDR instruments with: the compiler's, capped at EDR's newest. */
function instrumentationVersion(): string {
  const solcVersion: string = require("solc/package.json").version;
  const latest = latestSupportedSolidityVersion();
  const newer = (a: string, b: string) => {
    const [x, y] = [a, b].map((v) => v.split(".").map(Number));
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  };
  return newer(solcVersion, latest) > 0 ? latest : solcVersion;
}

function main(): void {
  // --report-only judges the data of the last run again without rerunning.
  if (!process.argv.includes("--report-only")) {
    const run = spawnSync("npx", ["hardhat", "test", "--coverage"], { stdio: "inherit" });

    // The coverage build leaves instrumented bytecode in artifacts/, which
    // the next plain build takes as up to date and whose gas is inflated (the
    // benchmarks would report false regressions). Drop the artifacts and the
    // compile cache so that the next build compiles afresh. `hardhat clean`
    // would also delete coverage/ and the sandbox's state in cache/.
    rmSync("artifacts", { recursive: true, force: true });
    rmSync("cache/compile-cache.json", { force: true });

    if (run.status !== 0) {
      console.error("coverage: the test run failed; fix the tests first.");
      process.exit(run.status ?? 1);
    }
  }

  const all = parseLcov(readFileSync("coverage/lcov.info", "utf8"));
  const ours = all.filter((f) => COVERED_ROOTS.some((root) => f.file.startsWith(root)));
  if (ours.length === 0) {
    console.error("coverage: no contract under contracts/ appears in coverage/lcov.info.");
    process.exit(1);
  }

  const hitTags = readHitTags("coverage/data");
  const version = instrumentationVersion();
  const missed: string[] = [];
  const undetermined: string[] = [];
  let branchesFound = 0;
  let branchesHit = 0;

  console.log("\nCoverage of contracts/ (lines, branches)");
  for (const f of ours) {
    const branches: Branch[] = branchesOf(f.file, readFileSync(f.file, "utf8"), version, hitTags);
    const judged = branches.filter((b) => b.taken !== undefined);
    const taken = judged.filter((b) => b.taken).length;
    branchesFound += judged.length;
    branchesHit += taken;

    for (const b of branches) {
      const where = `${f.file}:${b.line} ${b.description}`;
      if (b.taken === false) missed.push(where);
      if (b.taken === undefined) undetermined.push(where);
    }
    const lineRate = percent(f.linesHit, f.linesFound).toFixed(2).padStart(6);
    const branchRate = percent(taken, judged.length).toFixed(2).padStart(6);
    console.log(`  ${lineRate}%  ${branchRate}%  ${f.file}`);
  }

  const sum = (pick: (f: FileCoverage) => number) => ours.reduce((n, f) => n + pick(f), 0);
  const lines = percent(
    sum((f) => f.linesHit),
    sum((f) => f.linesFound),
  );
  const branches = percent(branchesHit, branchesFound);
  console.log(`  lines:    ${lines.toFixed(2)}% (threshold ${LINE_THRESHOLD}%)`);
  console.log(
    `  branches: ${branches.toFixed(2)}% of ${branchesFound} (threshold ${BRANCH_THRESHOLD}%)`,
  );
  if (missed.length > 0) console.log(`  never taken:\n    ${missed.join("\n    ")}`);
  if (undetermined.length > 0) {
    console.log(`  not judged (see scripts/coverage/branches.ts):\n    ${undetermined.join("\n    ")}`);
  }

  const failures: string[] = [];
  if (lines < LINE_THRESHOLD) failures.push(`lines ${lines.toFixed(2)}% < ${LINE_THRESHOLD}%`);
  if (branches < BRANCH_THRESHOLD) {
    failures.push(`branches ${branches.toFixed(2)}% < ${BRANCH_THRESHOLD}%`);
  }
  if (failures.length > 0) {
    console.error(`coverage: below threshold: ${failures.join("; ")}`);
    process.exit(1);
  }
}

if (process.argv[1]?.endsWith(path.join("coverage", "index.ts"))) main();
