// `npm run bench`: runs every benchmark section in turn and prints its
// figures. Each section compares against a baseline measured in the same
// process, so the ratios hold on any machine.
//
//   npm run bench               every section
//   npm run bench -- token-gas  only the named sections
import { pathToFileURL } from "node:url";
import path from "node:path";

/** A section's module exports `run`; it prints its own tables. */
export interface BenchSection {
  run(): Promise<void>;
}

// Sections run in this order. Add a section by adding its file name here.
const SECTIONS = ["token-gas", "payments-gas", "indexer"];

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const unknown = asked.filter((name) => !SECTIONS.includes(name));
  if (unknown.length > 0) {
    console.error(`Unknown bench section: ${unknown.join(", ")}. Known: ${SECTIONS.join(", ")}`);
    process.exitCode = 2;
    return;
  }

  const chosen = asked.length > 0 ? asked : SECTIONS;
  for (const name of chosen) {
    const file = path.join(import.meta.dirname, `${name}.ts`);
    const section = (await import(pathToFileURL(file).href)) as BenchSection;

    console.log(`\n== ${name}`);
    await section.run();
  }
}

await main();
