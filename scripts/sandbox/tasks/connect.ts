/**
 * What every sandbox task action shares: the chain Hardhat's --network names,
 * as an {@link Rpc} whose URL the local-chain guard can check, and the way a
 * user's mistake is reported (one line, exit code 1).
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { providerRpc, type Rpc } from "../rpc.ts";

export async function connectTask(hre: HardhatRuntimeEnvironment) {
  const connection = await hre.network.create();
  const config = connection.networkConfig;
  const url = config.type === "http" ? await config.url.get() : undefined;
  const rpc: Rpc = providerRpc(connection.provider, url);

  return { connection, rpc, network: connection.networkName };
}

/** Runs a task body; a failure prints one line and sets the exit code instead of a stack. */
export async function reportFailures(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    process.exitCode = 1;
    process.stderr.write(
      `error: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n`,
    );
  }
}
