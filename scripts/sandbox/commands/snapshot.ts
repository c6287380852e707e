/** `npm run snapshot` */
import { parseCommandLine, runCli } from "../../../deploy/cli.ts";
import { takeSnapshot } from "../snapshot.ts";
import { sandboxTarget, TARGET_HELP, TARGET_OPTIONS } from "./target.ts";

const spec = {
  name: "snapshot",
  summary: "Takes a snapshot of a local node's state; npm run revert returns to it.",
  usage: `
Usage: npm run snapshot

Options:
${TARGET_HELP}`,
  options: { ...TARGET_OPTIONS },
} as const;

await runCli(async () => {
  const args = parseCommandLine(spec, process.argv.slice(2));
  if (args === null) return;

  const id = await takeSnapshot(sandboxTarget(args).rpc);
  process.stdout.write(`took snapshot ${id}; \`npm run revert\` returns to it\n`);
});
