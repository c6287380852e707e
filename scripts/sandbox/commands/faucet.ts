/** `npm run faucet -- --to <address> [--kc 1000] [--eth 100]` */
import { parseCommandLine, parseTokenAmount, requireAddress, runCli } from "../../../deploy/cli.ts";
import { assertRecordMatchesChain, readDeploymentRecord } from "../../../deploy/record.ts";
import { readChainFacts } from "../../../deploy/chain.ts";
import { sandboxTarget, TARGET_HELP, TARGET_OPTIONS } from "./target.ts";

const spec = {
  name: "faucet",
  summary: "Gives an address test KC (minted) and test ETH (balance set) on a local node.",
  usage: `
Usage: npm run faucet -- --to <address> [options]

Options:
  --to <address>       who receives
  --kc <amount>        KC to mint, in whole tokens (default 1000; 0 for none)
  --eth <amount>       set the ETH balance to this many ETH (default 100)
${TARGET_HELP}`,
  options: {
    to: { type: "string" },
    kc: { type: "string" },
    eth: { type: "string" },
    ...TARGET_OPTIONS,
  },
} as const;

await runCli(async () => {
  const args = parseCommandLine(spec, process.argv.slice(2));
  if (args === null) return;

  const to = requireAddress(args.to, "--to");
  const kc = parseTokenAmount(args.kc ?? "1000", "--kc");
  const eth = parseTokenAmount(args.eth ?? "100", "--eth");
  const { rpc, recordFile } = sandboxTarget(args);

  const record = readDeploymentRecord(recordFile);
  const provider = { send: (method: string, params: unknown[]) => rpc.request(method, params) };
  assertRecordMatchesChain(record, await readChainFacts(provider), recordFile);

  const { runFaucet } = await import("../faucet.ts");
  const result = await runFaucet(rpc, record, { to, kc, eth });
  process.stdout.write(
    `${to} now holds ${formatUnits(result.kcBalance)} KC and ${formatUnits(result.ethBalance)} ETH\n`,
  );
});

function formatUnits(value: bigint): string {
  const whole = value / 10n ** 18n;
  const fraction = (value % 10n ** 18n).toString().padStart(18, "0").replace(/0+$/, "");
  return fraction.length > 0 ? `${whole}.${fraction}` : `${whole}`;
}
