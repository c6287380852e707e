/**
 * `npm run deploy -- --network <name> [--dry-run] [--handover <address>]`
 * Thin entry: parses the command line and calls deploySystem / handOverRoles.
 */
import { parseCommandLine, requireAddress, runCli, UsageError } from "../cli.ts";
import { readSystemSettings } from "../contracts.ts";
import { connectNetwork, resolveNetwork } from "../network.ts";
import { recordPath } from "../record.ts";
import { httpRpc } from "../../scripts/sandbox/rpc.ts";
import { rememberGenesis } from "../../scripts/sandbox/snapshot.ts";

const spec = {
  name: "deploy",
  summary: "Deploys the KC system behind UUPS proxies and writes deployments/<network>.json.",
  usage: `
Usage: npm run deploy -- --network <name> [options]

Options:
  --network <name>       localhost, or any name with RPC_URL set (names the record file)
  --rpc-url <url>        the node's URL (default: LOCALHOST_URL or http://127.0.0.1:8545
                         for localhost, RPC_URL otherwise)
  --dry-run              print the plan and the estimated gas; send nothing
  --handover <address>   after deploying, move the admin and upgrader roles (and every
                         other role the deployer holds) to <address> and renounce the
                         deployer's; the roles are read back and checked
  -h, --help             show this help

Environment:
  RPC_URL                the node of a non-local network
  DEPLOYER_PRIVATE_KEY   the deployer's key (0x + 64 hex), or
  MNEMONIC               the deployer's mnemonic (first account)
  KC_CAP                 the token's supply cap in whole KC (default 1000000000)
  KC_FEE_BPS             the payment fee in basis points (default 50)
  KC_TREASURY            where payment fees go (default: the deployer)

A re-run sends nothing for contracts that are deployed and unchanged; a changed
contract is reported with the upgrade command to run, never redeployed.`,
  options: {
    network: { type: "string" },
    "rpc-url": { type: "string" },
    "dry-run": { type: "boolean" },
    handover: { type: "string" },
  },
} as const;

await runCli(async () => {
  const args = parseCommandLine(spec, process.argv.slice(2));
  if (args === null) return;

  const target = resolveNetwork(args.network, process.env, args["rpc-url"]);
  const settings = readSystemSettings(process.env);
  const newAdmin =
    args.handover === undefined ? undefined : requireAddress(args.handover, "--handover");
  if (newAdmin !== undefined && args["dry-run"] === true) {
    throw new UsageError("--handover and --dry-run do not go together: a dry run sends nothing");
  }

  // The npm script builds first (`hardhat build --quiet`), so artifacts are fresh.
  // Loaded after the command line is checked, so a typo fails fast.
  const { default: hre } = await import("hardhat");
  const { upgrades } = await import("@openzeppelin/hardhat-upgrades");
  const { deploySystem } = await import("../deploy.ts");
  const { handOverRoles } = await import("../handover.ts");

  if (target.name === "localhost") {
    // A local node still at block 0 gets a genesis snapshot, so that
    // `npm run reset` can return to it later.
    await rememberGenesis(httpRpc(target.url)).catch(() => false);
  }

  const connection = await connectNetwork(hre, target);
  try {
    const upgradesApi = await upgrades(hre, connection);
    const log = (line: string) => process.stdout.write(`${line}\n`);

    const result = await deploySystem({
      hre,
      connection,
      upgradesApi,
      network: target.name,
      recordFile: recordPath(target.name),
      settings,
      dryRun: args["dry-run"] === true,
      log,
    });

    if (newAdmin !== undefined && result.record !== null) {
      const [deployer] = await connection.ethers.getSigners();
      await handOverRoles({ deployer, record: result.record, newAdmin, log });
    }
  } finally {
    await connection.close();
  }
});
