// The indexer's configuration, built from the deployment record of the
// network it is pointed at (KC_NETWORK, default localhost; or the file in
// KC_DEPLOYMENT_RECORD) and the node at KC_RPC_URL. No address is typed here.
// Before Ponder starts, lib/preflight.ts checks the record against the node
// (chain id and genesis hash) and keeps state from other chains out.
import { createConfig } from "ponder";

import { DeploymentRecordError } from "../deploy/record.ts";
import { KCBatchPayoutsAbi } from "./abis/KCBatchPayouts.ts";
import { KCEscrowAbi } from "./abis/KCEscrow.ts";
import { KCPaymentsAbi } from "./abis/KCPayments.ts";
import { KCSubscriptionsAbi } from "./abis/KCSubscriptions.ts";
import { KatyCoinAbi } from "./abis/KatyCoin.ts";
import { IndexerSetupError } from "./lib/errors.ts";
import { contractSource, prepareIndexer } from "./lib/preflight.ts";
import { readSettings } from "./lib/settings.ts";

const settings = readSettings();
const prepared = await exitOnSetupError(() => prepareIndexer(settings));

function source(name: string) {
  const found = contractSource(prepared, name, settings.recordFile);
  return { chain: "kc", ...found } as const;
}

const sources = await exitOnSetupError(async () => ({
  KatyCoin: source("KatyCoin"),
  KCPayments: source("KCPayments"),
  KCEscrow: source("KCEscrow"),
  KCBatchPayouts: source("KCBatchPayouts"),
  KCSubscriptions: source("KCSubscriptions"),
}));

export default createConfig({
  database: prepared.database,
  chains: {
    kc: {
      id: prepared.chain.chainId,
      rpc: settings.rpcUrl,
      pollingInterval: Number(process.env.KC_POLLING_INTERVAL_MS ?? 1_000),
    },
  },
  contracts: {
    KatyCoin: { abi: KatyCoinAbi, ...sources.KatyCoin },
    KCPayments: { abi: KCPaymentsAbi, ...sources.KCPayments },
    KCEscrow: { abi: KCEscrowAbi, ...sources.KCEscrow },
    KCBatchPayouts: { abi: KCBatchPayoutsAbi, ...sources.KCBatchPayouts },
    KCSubscriptions: { abi: KCSubscriptionsAbi, ...sources.KCSubscriptions },
  },
});

/**
 * A setup problem (no record, a stale record, no node, a database holding
 * another chain) ends the process with one line, before Ponder indexes
 * anything or prints a stack trace for what is not a bug.
 */
async function exitOnSetupError<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof DeploymentRecordError || error instanceof IndexerSetupError) {
      console.error(`kc-indexer: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
