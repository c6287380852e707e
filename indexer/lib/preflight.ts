// Everything checked before Ponder indexes a single block: the deployment
// record exists and is valid, it was written for the chain behind the RPC
// URL (chain id and genesis hash), and no state from another chain can leak
// in (PGlite directory keyed by genesis; PostgreSQL cache cleared and the
// schema checked).
import {
  assertRecordMatchesChain,
  contractRecord,
  readDeploymentRecord,
  type ChainIdentity,
  type DeploymentRecord,
} from "../../deploy/record.ts";
import { readChainIdentity } from "./chain-identity.ts";
import { assertSchemaFromChain, clearStaleRpcCache, withPostgres } from "./postgres-state.ts";
import { pgliteDirectory, type IndexerSettings } from "./settings.ts";

export type DatabaseChoice =
  { kind: "pglite"; directory: string } | { kind: "postgres"; connectionString: string };

export interface PreparedIndexer {
  record: DeploymentRecord;
  chain: ChainIdentity;
  database: DatabaseChoice;
  /** True when a PostgreSQL RPC cache from another genesis was just cleared. */
  clearedStaleCache: boolean;
}

/** Where Ponder finds one contract: its proxy and the block it was deployed in. */
export interface ContractSource {
  address: `0x${string}`;
  startBlock: number;
}

export async function prepareIndexer(settings: IndexerSettings): Promise<PreparedIndexer> {
  const record = readDeploymentRecord(settings.recordFile);
  const chain = await readChainIdentity(settings.rpcUrl);
  assertRecordMatchesChain(record, chain, settings.recordFile);

  if (settings.databaseUrl === undefined) {
    return {
      record,
      chain,
      database: {
        kind: "pglite",
        directory: pgliteDirectory(settings.pgliteRoot, chain.chainId, chain.genesisHash),
      },
      clearedStaleCache: false,
    };
  }

  const clearedStaleCache = await withPostgres(settings.databaseUrl, async (client) => {
    if (settings.databaseSchema !== undefined) {
      await assertSchemaFromChain(client, settings.databaseSchema, chain);
    }
    return clearStaleRpcCache(client, chain);
  });

  return {
    record,
    chain,
    database: { kind: "postgres", connectionString: settings.databaseUrl },
    clearedStaleCache,
  };
}

/** The proxy address and start block of `name`, or a record error naming what to do. */
export function contractSource(
  prepared: PreparedIndexer,
  name: string,
  recordFile: string,
): ContractSource {
  const entry = contractRecord(prepared.record, name, recordFile);
  return { address: entry.proxy, startBlock: entry.deployBlock };
}
