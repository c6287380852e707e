/**
 * `npm run fork -- --rpc <url> [--block <n>] [--port 8546]`: a local Hardhat
 * node forking another chain at a block. Runs until interrupted (Ctrl-C).
 */
import {
  parseCommandLine,
  parsePort,
  parseWholeNumber,
  runCli,
  UsageError,
} from "../deploy/cli.ts";

const spec = {
  name: "fork",
  summary: "Starts a local Hardhat node on 127.0.0.1 forking another chain at a block.",
  usage: `
Usage: npm run fork -- --rpc <url> [--block <n>] [--port <port>]

Options:
  --rpc <url>          the chain to fork (an archive node if --block is old)
  --block <n>          the block to fork at (default: the upstream's latest)
  --port <port>        the port to listen on (default 8546)
  -h, --help           show this help

State up to the fork block is read from the upstream on demand; blocks mined
on the fork stay local and never reach the upstream. One block is mined right
after the fork starts, so the fork's head is <block> + 1.

The fork keeps chain id 31337, so nothing signed on it is valid upstream. A
deployment record written for the upstream applies to it only when the upstream
is itself a local node (same chain id, same block 0); otherwise deploy on the
fork: npm run deploy -- --network localhost (with LOCALHOST_URL at the fork).`,
  options: { rpc: { type: "string" }, block: { type: "string" }, port: { type: "string" } },
} as const;

await runCli(async () => {
  const args = parseCommandLine(spec, process.argv.slice(2));
  if (args === null) return;

  if (args.rpc === undefined) throw new UsageError("--rpc <url> is required: the chain to fork");
  if (!/^https?:\/\//.test(args.rpc)) {
    throw new UsageError(`--rpc ${JSON.stringify(args.rpc)} must start with http:// or https://`);
  }
  const blockNumber =
    args.block === undefined ? undefined : parseWholeNumber(args.block, "--block");
  const port = parsePort(args.port ?? "8546");

  const { default: hre } = await import("hardhat");
  const { startFork } = await import("./sandbox/local-node.ts");
  const node = await startFork({ hre, port, upstream: args.rpc, blockNumber });

  process.stdout.write(
    `forked ${args.rpc} at block ${node.forkBlock}; listening on ${node.url}\n` +
      `other commands find this node with: export LOCALHOST_URL=${node.url}\nstop with Ctrl-C\n`,
  );

  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await node.close();
});
