/** `npm run time -- [--advance <duration>] [--blocks <n>]` */
import { parseCommandLine, parseWholeNumber, runCli, UsageError } from "../../../deploy/cli.ts";
import { parseDuration, travelInTime } from "../time.ts";
import { sandboxTarget, TARGET_HELP, TARGET_OPTIONS } from "./target.ts";

const spec = {
  name: "time",
  summary: "Moves a local node's clock forward and mines blocks.",
  usage: `
Usage: npm run time -- [--advance <duration>] [--blocks <n>]

Options:
  --advance <duration> how far to move the clock: seconds (90) or units s m h d w
                       (30m, 1d12h); the next mined block carries the new time
  --blocks <n>         blocks to mine (default 1 with --advance); mined in chunks
                       of 7 so every block links to its parent
${TARGET_HELP}`,
  options: { advance: { type: "string" }, blocks: { type: "string" }, ...TARGET_OPTIONS },
} as const;

await runCli(async () => {
  const args = parseCommandLine(spec, process.argv.slice(2));
  if (args === null) return;

  if (args.advance === undefined && args.blocks === undefined) {
    throw new UsageError("give --advance <duration>, --blocks <n> or both (see --help)");
  }
  const seconds = args.advance === undefined ? 0 : parseDuration(args.advance);
  if (seconds === null) {
    throw new UsageError(
      `--advance ${JSON.stringify(args.advance)} is not a duration (like 90, 30m, 1d12h)`,
    );
  }
  const blocks = args.blocks === undefined ? 0 : parseWholeNumber(args.blocks, "--blocks");

  const head = await travelInTime(sandboxTarget(args).rpc, { seconds, blocks });
  process.stdout.write(
    `now at block ${head.number}, time ${new Date(head.timestamp * 1000).toISOString()}\n`,
  );
});
