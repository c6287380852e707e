/**
 * Where a command sends its transactions: a network name from the command line
 * plus the environment (RPC_URL, DEPLOYER_PRIVATE_KEY or MNEMONIC). Nothing
 * secret is read from the repository.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { UsageError } from "./cli.ts";

/** The local network's default address; LOCALHOST_URL or --rpc-url overrides it. */
export const DEFAULT_LOCALHOST_URL = "http://127.0.0.1:8545";

export type Accounts = "remote" | string[] | { mnemonic: string };

export interface NetworkTarget {
  /** The name the user gave; it names the record file, deployments/<name>.json. */
  name: string;
  url: string;
  /** "remote" uses the node's own unlocked accounts (local nodes only). */
  accounts: Accounts;
}

/**
 * Resolves a network name to a URL and accounts.
 *
 * - `localhost`: LOCALHOST_URL or http://127.0.0.1:8545, the node's accounts
 *   (a DEPLOYER_PRIVATE_KEY or MNEMONIC, if set, is used instead).
 * - any other name: RPC_URL and exactly one of DEPLOYER_PRIVATE_KEY, MNEMONIC.
 */
export function resolveNetwork(
  name: string | undefined,
  env: NodeJS.ProcessEnv,
  rpcUrl?: string,
): NetworkTarget {
  if (name === undefined) {
    throw new UsageError("--network is required (localhost, or a name with RPC_URL set)");
  }

  if (!/^[a-z0-9][a-z0-9_-]*$/.test(name)) {
    throw new UsageError(
      `--network ${JSON.stringify(name)} must be lower-case letters, digits, - or _ (it names deployments/<network>.json)`,
    );
  }

  const isLocal = name === "localhost";
  const url = rpcUrl ?? (isLocal ? (env.LOCALHOST_URL ?? DEFAULT_LOCALHOST_URL) : env.RPC_URL);

  if (url === undefined || url === "") {
    throw new UsageError(
      `RPC_URL is not set: export RPC_URL=https://... for network ${name} (or pass --rpc-url)`,
    );
  }
  if (!/^https?:\/\//.test(url)) {
    throw new UsageError(`the RPC URL ${JSON.stringify(url)} must start with http:// or https://`);
  }

  return { name, url, accounts: accountsFromEnvironment(env, isLocal, name) };
}

function accountsFromEnvironment(env: NodeJS.ProcessEnv, isLocal: boolean, name: string): Accounts {
  const key = env.DEPLOYER_PRIVATE_KEY;
  const mnemonic = env.MNEMONIC;

  if (key && mnemonic) {
    throw new UsageError("both DEPLOYER_PRIVATE_KEY and MNEMONIC are set: unset one of them");
  }

  if (key) {
    const normalized = key.startsWith("0x") ? key : `0x${key}`;
    if (!/^0x[0-9a-fA-F]{64}$/.test(normalized)) {
      throw new UsageError("DEPLOYER_PRIVATE_KEY is not a 32-byte hex private key");
    }
    return [normalized];
  }

  if (mnemonic) {
    const words = mnemonic.trim().split(/\s+/).length;
    if (![12, 15, 18, 21, 24].includes(words)) {
      throw new UsageError(`MNEMONIC has ${words} words; a BIP-39 mnemonic has 12 to 24`);
    }
    return { mnemonic: mnemonic.trim() };
  }

  if (isLocal) return "remote";

  throw new UsageError(
    `no deployer key for network ${name}: export DEPLOYER_PRIVATE_KEY=0x... or MNEMONIC="..."`,
  );
}

/**
 * Opens a Hardhat connection to the target. Hardhat's built-in `localhost`
 * network is the base; the URL and accounts are overridden from the target,
 * so any network can be reached without a config entry per network.
 */
export async function connectNetwork(hre: HardhatRuntimeEnvironment, target: NetworkTarget) {
  return hre.network.create({
    network: "localhost",
    override: { url: target.url, accounts: target.accounts as never },
  });
}
