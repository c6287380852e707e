/** `npm run mock -- --seed <text> --events <n> [--accounts <n>] [--txs-per-block <n>] [--progress]` */
import { parseCommandLine, parseWholeNumber, runCli, UsageError } from "../../deploy/cli.ts";
import { readDeploymentRecord } from "../../deploy/record.ts";
import { sandboxTarget, TARGET_HELP, TARGET_OPTIONS } from "../sandbox/commands/target.ts";
import type { MockSummary } from "./generate.ts";

const spec = {
  name: "mock",
  summary: "Generates a deterministic history of KC activity on a local node.",
  usage: `
Usage: npm run mock -- --seed <text> --events <n> [options]

Options:
  --seed <text>        the seed: the same seed on a fresh chain gives the same history
  --events <n>         stop once at least n events (logs) were created
  --accounts <n>       accounts to derive from the seed (default: from the event count)
  --txs-per-block <n>  at most n transactions per block (default 25); dependent ones wait
  --progress           show the progress bar even when stderr is not a terminal
${TARGET_HELP}

Accounts get profiles (whale, merchant, payroll payer, subscriber, casual, inactive)
and act through the real contracts: transfers, approvals, permits, mints, burns,
payments with references, payment requests (paid, cancelled, expired, paid too
late), escrows (released, refunded, reclaimed, disputed and settled), payrolls,
subscriptions (collected, failing, cancelled).`,
  options: {
    seed: { type: "string" },
    events: { type: "string" },
    accounts: { type: "string" },
    "txs-per-block": { type: "string" },
    progress: { type: "boolean" },
    ...TARGET_OPTIONS,
  },
} as const;

await runCli(async () => {
  const args = parseCommandLine(spec, process.argv.slice(2));
  if (args === null) return;

  if (args.seed === undefined || args.seed === "")
    throw new UsageError("--seed <text> is required");
  if (args.events === undefined) throw new UsageError("--events <n> is required");
  const events = parseWholeNumber(args.events, "--events");
  if (events === 0) throw new UsageError("--events must be at least 1");
  const accounts =
    args.accounts === undefined ? undefined : parseWholeNumber(args.accounts, "--accounts");

  const perBlock = args["txs-per-block"];
  const transactionsPerBlock =
    perBlock === undefined ? undefined : parseWholeNumber(perBlock, "--txs-per-block");
  if (transactionsPerBlock === 0) throw new UsageError("--txs-per-block must be at least 1");

  const { rpc, recordFile } = sandboxTarget(args);
  const record = readDeploymentRecord(recordFile);
  const showProgress = args.progress === true || process.stderr.isTTY === true;

  const { generateMockHistory } = await import("./generate.ts");
  let lastDrawn = 0;
  const summary = await generateMockHistory({
    rpc,
    record,
    seed: args.seed,
    events,
    accounts,
    transactionsPerBlock,
    onProgress: showProgress
      ? (done, target) => {
          const now = Date.now();
          if (now - lastDrawn < 100 && done < target) return;
          lastDrawn = now;
          drawProgress(done, target);
        }
      : undefined,
  });

  if (showProgress) process.stderr.write("\n");
  process.stdout.write(formatSummary(summary));
});

function drawProgress(done: number, target: number): void {
  const width = 30;
  const share = Math.min(1, done / target);
  const filled = Math.round(share * width);
  process.stderr.write(
    `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${target} events`,
  );
}

function formatSummary(summary: MockSummary): string {
  const lines = [
    `seed ${JSON.stringify(summary.seed)}: ${summary.events} events in ${summary.transactions} transactions ` +
      `(${summary.failedTransactions} reverted on purpose), ${summary.blocks} blocks ${summary.fromBlock}-${summary.toBlock}, ` +
      `${(summary.durationMs / 1000).toFixed(1)} s`,
    `chain time ${new Date(summary.fromTime * 1000).toISOString()} to ${new Date(summary.toTime * 1000).toISOString()}`,
    `accounts: ${Object.entries(summary.accounts)
      .map(([profile, n]) => `${n} ${profile}`)
      .join(", ")}`,
    "activity:",
    ...Object.entries(summary.activity)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, n]) => `  ${name.padEnd(30)} ${n}`),
    "events:",
    ...Object.entries(summary.eventsByName)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, n]) => `  ${name.padEnd(30)} ${n}`),
  ];
  return `${lines.join("\n")}\n`;
}
