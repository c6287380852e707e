/**
 * `npm run chain -- [--port 8545]`: a local Hardhat node on 127.0.0.1 with the
 * KC system deployed and deployments/localhost.json written. Runs until
 * interrupted (Ctrl-C).
 */
import { parseCommandLine, parsePort, runCli } from "../deploy/cli.ts";
import { DEFAULT_LOCALHOST_URL } from "../deploy/network.ts";
import { recordPath } from "../deploy/record.ts";

const spec = {
  name: "chain",
  summary: "Starts a local Hardhat node on 127.0.0.1 with the KC system deployed.",
  usage: `
Usage: npm run chain -- [--port <port>]

Options:
  --port <port>        the port to listen on (default 8545)
  -h, --help           show this help

Writes deployments/localhost.json. The node's accounts are Hardhat's public test
accounts (mnemonic "test test test test test test test test test test test junk"):
never send real funds to them. Stop the node with Ctrl-C.`,
  options: { port: { type: "string" } },
} as const;

await runCli(async () => {
  const args = parseCommandLine(spec, process.argv.slice(2));
  if (args === null) return;

  const port = parsePort(args.port ?? "8545");
  const { default: hre } = await import("hardhat");
  const { startChain } = await import("./sandbox/local-node.ts");
  const log = (line: string) => process.stdout.write(`${line}\n`);

  const node = await startChain({ hre, port, recordFile: recordPath("localhost"), log });
  const accounts = await node.rpc.request<string[]>("eth_accounts");

  log("");
  log(`KC local chain listening on ${node.url} (chain id 31337)`);
  log(`deployer and admin: ${accounts[0]}; other funded test accounts:`);
  for (const account of accounts.slice(1, 5)) log(`  ${account}`);
  if (node.url !== DEFAULT_LOCALHOST_URL) {
    log(`other commands find this node with: export LOCALHOST_URL=${node.url}`);
  }
  log("stop with Ctrl-C");

  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await node.close();
});
