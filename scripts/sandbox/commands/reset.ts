/** `npm run reset` */
import { parseCommandLine, runCli } from "../../../deploy/cli.ts";
import { readSystemSettings } from "../../../deploy/contracts.ts";
import { connectNetwork } from "../../../deploy/network.ts";
import { resetChain } from "../reset.ts";
import { sandboxTarget, TARGET_HELP, TARGET_OPTIONS } from "./target.ts";

const spec = {
  name: "reset",
  summary: "Resets a local node to a fresh chain and deploys the KC system again.",
  usage: `
Usage: npm run reset

Options:
${TARGET_HELP}`,
  options: { ...TARGET_OPTIONS },
} as const;

await runCli(async () => {
  const args = parseCommandLine(spec, process.argv.slice(2));
  if (args === null) return;

  const { rpc, network, recordFile } = sandboxTarget(args);
  const settings = readSystemSettings(process.env);
  const log = (line: string) => process.stdout.write(`${line}\n`);

  const result = await resetChain({
    rpc,
    deploy: async () => {
      const { default: hre } = await import("hardhat");
      const { upgrades } = await import("@openzeppelin/hardhat-upgrades");
      const { deploySystem } = await import("../../../deploy/deploy.ts");
      const connection = await connectNetwork(hre, {
        name: network,
        url: rpc.url!,
        accounts: "remote",
      });
      try {
        const upgradesApi = await upgrades(hre, connection);
        await deploySystem({ hre, connection, upgradesApi, network, recordFile, settings, log });
      } finally {
        await connection.close();
      }
    },
  });
  log(`reset the chain; the KC system is deployed again (block ${result.blockNumber})`);
});
