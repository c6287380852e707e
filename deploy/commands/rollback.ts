/**
 * `npm run rollback -- --network <name> --contract <name> [--dry-run]`
 * Thin entry: parses the command line and calls rollbackContract.
 */
import { parseCommandLine, runCli, UsageError } from "../cli.ts";
import { connectNetwork, resolveNetwork } from "../network.ts";
import { recordPath } from "../record.ts";

const spec = {
  name: "rollback",
  summary: "Returns one KC proxy to the implementation it had before its last upgrade.",
  usage: `
Usage: npm run rollback -- --network <name> --contract <name> [options]

Options:
  --network <name>     the network whose deployments/<name>.json holds the proxy
  --contract <name>    the proxy to roll back, by its name in the record
  --rpc-url <url>      the node's URL (see npm run deploy -- --help)
  --dry-run            validate only; send nothing
  -h, --help           show this help

The previous implementation is the last entry of the contract's
previousImplementations in the record. Its storage layout (from the upgrades
plugin's manifest) is checked against the current one before anything is sent.`,
  options: {
    network: { type: "string" },
    contract: { type: "string" },
    "rpc-url": { type: "string" },
    "dry-run": { type: "boolean" },
  },
} as const;

await runCli(async () => {
  const args = parseCommandLine(spec, process.argv.slice(2));
  if (args === null) return;

  const target = resolveNetwork(args.network, process.env, args["rpc-url"]);
  if (args.contract === undefined)
    throw new UsageError("--contract is required (e.g. --contract KatyCoin)");

  const { default: hre } = await import("hardhat");
  const { upgrades } = await import("@openzeppelin/hardhat-upgrades");
  const { rollbackContract } = await import("../upgrade.ts");
  const connection = await connectNetwork(hre, target);
  try {
    await rollbackContract({
      hre,
      connection,
      upgradesApi: await upgrades(hre, connection),
      recordFile: recordPath(target.name),
      contract: args.contract,
      dryRun: args["dry-run"] === true,
      log: (line) => process.stdout.write(`${line}\n`),
    });
  } finally {
    await connection.close();
  }
});
