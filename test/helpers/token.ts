import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { BaseContract, Signer } from "ethers";

import type { KatyCoin } from "../../types/typechain/index.ts";

/** 1 KC in base units (18 decimals). */
export const KC = 10n ** 18n;

/** The cap used by tests unless a test needs another one. */
export const DEFAULT_CAP = 1_000_000_000n * KC;

/**
 * Deploys a KC implementation and an ERC-1967 proxy in front of it, calling
 * `initialize` through the proxy, and returns the token at the proxy's address.
 * `implementation` puts an already deployed one behind the proxy instead: a
 * contract derived from KatyCoin, as the gas benchmarks measure.
 *
 * Tests use this instead of the upgrades plugin where they measure or exercise
 * the token itself; the upgrade tests go through the plugin to exercise its
 * storage-layout validation as deploy scripts do.
 */
export async function deployKatyCoin(
  ethers: HardhatEthers,
  admin: Signer,
  cap: bigint = DEFAULT_CAP,
  implementation: BaseContract | undefined = undefined,
): Promise<KatyCoin> {
  implementation ??= await ethers.deployContract("KatyCoin", admin);
  const initData = implementation.interface.encodeFunctionData("initialize", [
    await admin.getAddress(),
    cap,
  ]);

  const proxy = await ethers.deployContract(
    "ERC1967Proxy",
    [await implementation.getAddress(), initData],
    admin,
  );

  return ethers.getContractAt("KatyCoin", await proxy.getAddress(), admin);
}
