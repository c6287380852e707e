// Deploys the KC token and the four payment contracts behind ERC-1967 proxies,
// for the payment tests and the payments gas benchmark.
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { Result } from "ethers";

import type {
  KCBatchPayouts,
  KCEscrow,
  KCPayments,
  KCSubscriptions,
  KatyCoin,
} from "../../types/typechain/index.ts";
import { KC, deployKatyCoin } from "../helpers/token.ts";

/** The fee the fixtures start with: 0.5%. */
export const FEE_BPS = 50n;

/** What every funded account starts with. */
export const STARTING_BALANCE = 1_000_000n * KC;

export interface PaymentsSystem {
  kc: KatyCoin;
  payments: KCPayments;
  escrow: KCEscrow;
  batch: KCBatchPayouts;
  subscriptions: KCSubscriptions;
}

/**
 * Deploys an implementation and an ERC-1967 proxy that calls `initialize`
 * with `args`, and returns the contract at the proxy's address.
 */
export async function deployBehindProxy<T>(
  ethers: HardhatEthers,
  name: string,
  args: unknown[],
  deployer: HardhatEthersSigner,
): Promise<T> {
  const implementation = await ethers.deployContract(name, deployer);
  const initData = implementation.interface.encodeFunctionData("initialize", args);
  const proxy = await ethers.deployContract(
    "ERC1967Proxy",
    [await implementation.getAddress(), initData],
    deployer,
  );

  return (await ethers.getContractAt(name, await proxy.getAddress(), deployer)) as T;
}

/**
 * Deploys KC and the four payment contracts with `admin` holding every role,
 * `treasury` receiving fees, and mints {@link STARTING_BALANCE} to each of
 * `funded` (and to the treasury, so fee transfers land on a warm balance as
 * they do in steady state).
 */
export async function deployPaymentsSystem(
  ethers: HardhatEthers,
  admin: HardhatEthersSigner,
  treasury: HardhatEthersSigner,
  funded: HardhatEthersSigner[],
): Promise<PaymentsSystem> {
  const kc = await deployKatyCoin(ethers, admin);
  const token = await kc.getAddress();

  const payments = await deployBehindProxy<KCPayments>(
    ethers,
    "KCPayments",
    [token, admin.address, treasury.address, FEE_BPS],
    admin,
  );
  const escrow = await deployBehindProxy<KCEscrow>(
    ethers,
    "KCEscrow",
    [token, admin.address],
    admin,
  );
  const batch = await deployBehindProxy<KCBatchPayouts>(
    ethers,
    "KCBatchPayouts",
    [token, admin.address],
    admin,
  );
  const subscriptions = await deployBehindProxy<KCSubscriptions>(
    ethers,
    "KCSubscriptions",
    [token, admin.address],
    admin,
  );

  for (const account of [...funded, treasury]) {
    await (await kc.mint(account.address, STARTING_BALANCE)).wait();
  }

  return { kc, payments, escrow, batch, subscriptions };
}

/**
 * A struct returned by a view as a plain object keyed by field name, so a
 * test can compare every field at once. (The typed bindings describe the
 * struct as a tuple type; at run time it is an ethers Result.)
 */
export function fields(struct: object): Record<string, unknown> {
  return (struct as Result).toObject();
}
