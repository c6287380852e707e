// What the indexer keeps in PostgreSQL about which chain its data came from.
//
// Ponder's RPC cache (schema `ponder_sync`) is shared by every app in the
// database and keyed by chain id only, so a restarted local node (same id,
// new genesis) would be served the old chain's logs. We remember the genesis
// each chain id was cached for, and clear that chain's cache rows when it
// changes. The indexed schema itself is never dropped silently: a schema
// whose `chain` row names another genesis stops the start with a command.
import pg from "pg";

import type { ChainIdentity } from "../../deploy/record.ts";
import { IndexerSetupError } from "./errors.ts";

/** Our own bookkeeping schema, beside Ponder's. */
const STATE_SCHEMA = "kc_indexer";

/** Ponder 0.16's cache tables that carry a chain id. */
const SYNC_TABLES = [
  "blocks",
  "transactions",
  "transaction_receipts",
  "logs",
  "traces",
  "rpc_request_results",
  "intervals",
  "factory_addresses",
] as const;

export async function withPostgres<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IndexerSetupError(`cannot connect to DATABASE_URL (${reason})`);
  }

  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Clears the RPC cache of `chain.chainId` when it was filled from another
 * genesis. Returns whether it cleared anything. Runs under an advisory lock
 * so two indexers starting together do not race.
 */
export async function clearStaleRpcCache(
  client: pg.Client,
  chain: ChainIdentity,
): Promise<boolean> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('kc_indexer.rpc_cache'))");
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${STATE_SCHEMA}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${STATE_SCHEMA}.rpc_cache_genesis ` +
        "(chain_id bigint PRIMARY KEY, genesis_hash text NOT NULL)",
    );

    const { rows } = await client.query<{ genesis_hash: string }>(
      `SELECT genesis_hash FROM ${STATE_SCHEMA}.rpc_cache_genesis WHERE chain_id = $1`,
      [chain.chainId],
    );
    const cachedGenesis = rows[0]?.genesis_hash;
    const stale = cachedGenesis !== undefined && cachedGenesis !== chain.genesisHash.toLowerCase();

    // A cache filled before this bookkeeping existed has no marker: its
    // origin is unknown, so it is cleared too.
    const unknownOrigin = cachedGenesis === undefined;
    let cleared = false;
    if (stale || unknownOrigin) {
      cleared = await deleteChainRows(client, chain.chainId);
    }

    await client.query(
      `INSERT INTO ${STATE_SCHEMA}.rpc_cache_genesis (chain_id, genesis_hash) VALUES ($1, $2) ` +
        "ON CONFLICT (chain_id) DO UPDATE SET genesis_hash = EXCLUDED.genesis_hash",
      [chain.chainId, chain.genesisHash.toLowerCase()],
    );
    await client.query("COMMIT");
    return cleared;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/** Deletes every cached RPC row of one chain; returns whether there were any. */
export async function deleteChainRows(client: pg.Client, chainId: number): Promise<boolean> {
  let deleted = 0;
  for (const table of SYNC_TABLES) {
    const { rows } = await client.query<{ present: string | null }>(
      "SELECT to_regclass($1) AS present",
      [`ponder_sync.${table}`],
    );
    if (rows[0]?.present == null) continue;

    const result = await client.query(`DELETE FROM ponder_sync.${table} WHERE chain_id = $1`, [
      chainId,
    ]);
    deleted += result.rowCount ?? 0;
  }
  return deleted > 0;
}

/** The genesis hash the indexed schema was built from, if it holds any data. */
export async function indexedGenesis(
  client: pg.Client,
  schema: string,
): Promise<string | undefined> {
  const { rows } = await client.query<{ present: string | null }>(
    "SELECT to_regclass($1) AS present",
    [`"${schema.replaceAll('"', '""')}".chain`],
  );
  if (rows[0]?.present == null) return undefined;

  const result = await client.query<{ genesis_hash: string }>(
    `SELECT genesis_hash FROM "${schema.replaceAll('"', '""')}".chain LIMIT 1`,
  );
  return result.rows[0]?.genesis_hash;
}

/** Stops the start when `schema` holds data indexed from another genesis. */
export async function assertSchemaFromChain(
  client: pg.Client,
  schema: string,
  chain: ChainIdentity,
): Promise<void> {
  const genesis = await indexedGenesis(client, schema);
  if (genesis === undefined || genesis.toLowerCase() === chain.genesisHash.toLowerCase()) return;

  throw new IndexerSetupError(
    `schema "${schema}" holds data indexed from another chain (genesis ${genesis}); ` +
      `run \`npm run indexer:reindex -- --schema ${schema}\` to index this one`,
  );
}

/** Drops an indexed schema: what `npm run indexer:reindex` does on PostgreSQL. */
export async function dropSchema(client: pg.Client, schema: string): Promise<void> {
  await client.query(`DROP SCHEMA IF EXISTS "${schema.replaceAll('"', '""')}" CASCADE`);
}
