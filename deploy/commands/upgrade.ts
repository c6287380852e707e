/**
 * `npm run upgrade -- --network <name> --contract <name> [--to <artifact>] [--call <fn> --args <json>]`
 * Thin entry: parses the command line and calls upgradeContract.
 */
import { parseCommandLine, runCli, UsageError } from "../cli.ts";
import { connectNetwork, resolveNetwork } from "../network.ts";
import { recordPath } from "../record.ts";

const spec = {
  name: "upgrade",
  summary: "Validates and upgrades one KC proxy to its newly built implementation.",
  usage: `
Usage: npm run upgrade -- --network <name> --contract <name> [options]

Options:
  --network <name>     the network whose deployments/<name>.json holds the proxy
  --contract <name>    the proxy to upgrade, by its name in the record (e.g. KCEscrow)
  --to <artifact>      the new implementation's contract name (default: --contract)
  --call <function>    a function of the new implementation to call in the same
                       transaction, e.g. a reinitializer: --call initializeV2
  --args <json>        the arguments of --call as a JSON list, e.g. '["hello"]'
  --rpc-url <url>      the node's URL (see npm run deploy -- --help)
  --dry-run            validate and estimate gas; send nothing
  -h, --help           show this help

The new implementation's storage layout is checked against the deployed one
and the code for unsafe patterns before anything is sent. A failed check prints
what is incompatible and changes nothing. The replaced implementation is kept in
the record's previousImplementations, where npm run rollback finds it.`,
  options: {
    network: { type: "string" },
    contract: { type: "string" },
    to: { type: "string" },
    call: { type: "string" },
    args: { type: "string" },
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
  const call = parseCall(args.call, args.args);

  // The npm script builds first (`hardhat build --quiet`), so artifacts are fresh.
  const { default: hre } = await import("hardhat");
  const { upgrades } = await import("@openzeppelin/hardhat-upgrades");
  const { upgradeContract } = await import("../upgrade.ts");

  const connection = await connectNetwork(hre, target);
  try {
    await upgradeContract({
      hre,
      connection,
      upgradesApi: await upgrades(hre, connection),
      recordFile: recordPath(target.name),
      contract: args.contract,
      to: args.to,
      call,
      dryRun: args["dry-run"] === true,
      log: (line) => process.stdout.write(`${line}\n`),
    });
  } finally {
    await connection.close();
  }
});

function parseCall(fn: string | undefined, json: string | undefined) {
  if (fn === undefined) {
    if (json !== undefined) throw new UsageError("--args needs --call <function>");
    return undefined;
  }

  if (json === undefined) return { fn, args: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new UsageError(`--args ${JSON.stringify(json)} is not JSON (e.g. '["hello", 42]')`);
  }
  if (!Array.isArray(parsed))
    throw new UsageError("--args must be a JSON list, e.g. '[\"hello\"]'");
  return { fn, args: parsed };
}
