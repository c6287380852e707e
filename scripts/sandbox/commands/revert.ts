/** `npm run revert -- [--id <snapshot>]` */
import { parseCommandLine, runCli, UsageError } from "../../../deploy/cli.ts";
import { revertToSnapshot } from "../snapshot.ts";
import { sandboxTarget, TARGET_HELP, TARGET_OPTIONS } from "./target.ts";

const spec = {
  name: "revert",
  summary: "Returns a local node to a snapshot (the latest one taken by npm run snapshot).",
  usage: `
Usage: npm run revert -- [--id <snapshot>]

Options:
  --id <snapshot>      the snapshot id npm run snapshot printed (default: the latest)
${TARGET_HELP}`,
  options: { id: { type: "string" }, ...TARGET_OPTIONS },
} as const;

await runCli(async () => {
  const args = parseCommandLine(spec, process.argv.slice(2));
  if (args === null) return;

  if (args.id !== undefined && !/^0x[0-9a-fA-F]+$/.test(args.id)) {
    throw new UsageError(`--id ${JSON.stringify(args.id)} is not a snapshot id (like 0x1)`);
  }
  const id = await revertToSnapshot(sandboxTarget(args).rpc, args.id);
  process.stdout.write(`reverted to snapshot ${id}\n`);
});
