/**
 * What every KC command line shares: parsing flags, `--help`, and turning a
 * user's mistake into one line on stderr and a non-zero exit code.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

import { getAddress } from "ethers/address";

import { DeploymentRecordError } from "./record.ts";

/** A mistake the user can fix: printed as one line, without a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/** The command's name, one line on what it does, usage lines and the options it takes. */
export interface CommandSpec<O extends OptionSpec> {
  name: string;
  summary: string;
  usage: string;
  options: O;
}

/**
 * Parses `argv` strictly against `spec`; returns null when `--help` was asked
 * for (after printing the help), throws {@link UsageError} on anything unknown.
 */
export function parseCommandLine<O extends OptionSpec>(spec: CommandSpec<O>, argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...spec.options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const firstLine = message.split("\n")[0].replace(/\. To specify a positional.*$/, "");
    throw new UsageError(`${firstLine}; run \`npm run ${spec.name} -- --help\` for the options`);
  }

  if ((parsed.values as { help?: boolean }).help === true) {
    process.stdout.write(`${spec.summary}\n\n${spec.usage.trim()}\n`);
    return null;
  }

  return parsed.values;
}

/**
 * Errors whose message is written for the user: printed as they are, without
 * the hint about the stack. By name, so this module imports none of them.
 */
const USER_FACING_ERRORS = new Set([
  "HandoverError",
  "NotLocalChainError",
  "NodeUnreachableError",
  "FaucetError",
  "SnapshotError",
  "RpcError",
  "MockDataError",
  "LocalNodeError",
]);

/** Runs a command's main function and maps failures to one line and an exit code. */
export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    process.exitCode = 1;

    const isUserFacing =
      error instanceof UsageError ||
      error instanceof DeploymentRecordError ||
      (error instanceof Error && USER_FACING_ERRORS.has(error.name));
    if (isUserFacing) {
      process.stderr.write(`error: ${error.message}\n`);
      return;
    }

    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message.split("\n")[0]}\n`);
    if (process.env.KC_DEBUG === "1") {
      process.stderr.write(`${error instanceof Error ? error.stack : ""}\n`);
    } else {
      process.stderr.write("(set KC_DEBUG=1 to see the full error)\n");
    }
  }
}

/** An Ethereum address, or a {@link UsageError} naming the flag. */
export function requireAddress(value: string | undefined, flag: string): `0x${string}` {
  if (value === undefined) throw new UsageError(`${flag} is required`);
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) {
    throw new UsageError(
      `${flag} ${JSON.stringify(value)} is not an address (0x and 40 hex digits)`,
    );
  }
  try {
    return getAddress(value) as `0x${string}`;
  } catch {
    throw new UsageError(
      `${flag} ${value} has a bad checksum: check it, or write it in lower case`,
    );
  }
}

/** A non-negative whole number, or a {@link UsageError} naming the flag. */
export function parseWholeNumber(value: string, flag: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not a whole number`);
  }
  return Number(value);
}

/** A TCP port, or a {@link UsageError} naming the flag. */
export function parsePort(value: string, flag = "--port"): number {
  const port = parseWholeNumber(value, flag);
  if (port < 1 || port > 65_535) throw new UsageError(`${flag} ${port} is not a port (1-65535)`);
  return port;
}

/** An amount of whole tokens with up to 18 decimals ("1000", "0.5"), in base units. */
export function parseTokenAmount(value: string, flag: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,18}))?$/.exec(value);
  if (match === null) {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not an amount (like 1000 or 0.5)`);
  }
  const fraction = (match[2] ?? "").padEnd(18, "0");
  return BigInt(match[1]) * 10n ** 18n + BigInt(fraction);
}
