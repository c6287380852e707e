/**
 * The mock accounts: derived from the seed (a mnemonic made from the seed's
 * hash, standard Ethereum derivation path), each with a profile that decides
 * what it does in the generated history.
 */
import { HDNodeWallet, keccak256, Mnemonic, toUtf8Bytes } from "ethers";

import type { SeededRandom } from "./random.ts";

export const PROFILES = [
  "whale",
  "merchant",
  "payroll",
  "subscriber",
  "casual",
  "inactive",
] as const;

export type Profile = (typeof PROFILES)[number];

export interface MockAccount {
  index: number;
  address: string;
  /** Signs EIP-2612 permits; every other transaction is sent through the node. */
  wallet: HDNodeWallet;
  profile: Profile;
}

/**
 * Derives `count` accounts (at least 12) from the seed and gives them
 * profiles: 2 whales, 2 payroll payers, and shares of merchants (15 %),
 * subscribers (20 %) and inactive accounts (10 %); the rest are casual users.
 */
export function deriveAccounts(seed: string, count: number, random: SeededRandom): MockAccount[] {
  const entropy = keccak256(toUtf8Bytes(`kc-mock-accounts:${seed}`)).slice(0, 34);
  const root = HDNodeWallet.fromMnemonic(Mnemonic.fromEntropy(entropy), "m/44'/60'/0'/0");

  const total = Math.max(12, count);
  const plan: Profile[] = [
    ...repeat("whale", 2),
    ...repeat("payroll", 2),
    ...repeat("merchant", Math.max(2, Math.round(total * 0.15))),
    ...repeat("subscriber", Math.max(2, Math.round(total * 0.2))),
    ...repeat("inactive", Math.max(1, Math.round(total * 0.1))),
  ];
  while (plan.length < total) plan.push("casual");

  // A seeded shuffle, so profiles are not laid out by derivation index.
  for (let i = plan.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [plan[i], plan[j]] = [plan[j], plan[i]];
  }

  return plan.slice(0, total).map((profile, index) => {
    const wallet = root.deriveChild(index);
    return { index, address: wallet.address, wallet, profile };
  });
}

function repeat(value: Profile, times: number): Profile[] {
  return Array.from({ length: times }, () => value);
}
