/**
 * The KC system as a list: which contracts the deploy command puts behind UUPS
 * proxies, in which order, and the arguments of each `initialize`. Adding a
 * contract to the system is one entry here.
 */
import { UsageError } from "./cli.ts";

/** The settings the deploy wires in; read from the environment by {@link readSystemSettings}. */
export interface SystemSettings {
  /** The token's supply cap, in base units. */
  cap: bigint;
  /** The KCPayments fee in basis points (1/100 of a percent). */
  feeBps: number;
  /** Where KCPayments sends fees; the deployer when unset. */
  treasury?: string;
}

/** What an initializer can refer to: the admin, the settings, contracts deployed before it. */
export interface InitializerContext {
  admin: string;
  settings: SystemSettings;
  addressOf(name: string): string;
}

export interface ContractSpec {
  /** The artifact's name; also the key in the deployment record. */
  name: string;
  /** The arguments of `initialize`, in order. */
  initializerArgs(context: InitializerContext): unknown[];
}

export const SYSTEM_CONTRACTS: readonly ContractSpec[] = [
  {
    name: "KatyCoin",
    initializerArgs: ({ admin, settings }) => [admin, settings.cap],
  },
  {
    name: "KCPayments",
    initializerArgs: ({ admin, settings, addressOf }) => [
      addressOf("KatyCoin"),
      admin,
      settings.treasury ?? admin,
      settings.feeBps,
    ],
  },
  {
    name: "KCEscrow",
    initializerArgs: ({ admin, addressOf }) => [addressOf("KatyCoin"), admin],
  },
  {
    name: "KCBatchPayouts",
    initializerArgs: ({ admin, addressOf }) => [addressOf("KatyCoin"), admin],
  },
  {
    name: "KCSubscriptions",
    initializerArgs: ({ admin, addressOf }) => [addressOf("KatyCoin"), admin],
  },
];

export const DEFAULT_CAP_KC = 1_000_000_000n;
export const DEFAULT_FEE_BPS = 50;

/**
 * Reads KC_CAP (whole KC), KC_FEE_BPS and KC_TREASURY from the environment,
 * falling back to a cap of one billion KC, a 0.5 % fee and the deployer as
 * treasury.
 */
export function readSystemSettings(env: NodeJS.ProcessEnv): SystemSettings {
  const settings: SystemSettings = {
    cap: DEFAULT_CAP_KC * 10n ** 18n,
    feeBps: DEFAULT_FEE_BPS,
  };

  if (env.KC_CAP) {
    if (!/^\d+$/.test(env.KC_CAP) || BigInt(env.KC_CAP) === 0n) {
      throw new UsageError(
        `KC_CAP ${JSON.stringify(env.KC_CAP)} is not a positive whole number of KC`,
      );
    }
    settings.cap = BigInt(env.KC_CAP) * 10n ** 18n;
  }

  if (env.KC_FEE_BPS) {
    if (!/^\d+$/.test(env.KC_FEE_BPS) || Number(env.KC_FEE_BPS) > 10_000) {
      throw new UsageError(
        `KC_FEE_BPS ${JSON.stringify(env.KC_FEE_BPS)} is not 0-10000 basis points`,
      );
    }
    settings.feeBps = Number(env.KC_FEE_BPS);
  }

  if (env.KC_TREASURY) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(env.KC_TREASURY)) {
      throw new UsageError(`KC_TREASURY ${JSON.stringify(env.KC_TREASURY)} is not an address`);
    }
    settings.treasury = env.KC_TREASURY;
  }

  return settings;
}
