// `npm run indexer:reindex`: throws away what the indexer built for the chain
// it is pointed at, so the next start indexes again from the deployment
// record's start blocks -- the only block Ponder 0.16 can rewind to safely.
// Run it after the reorg guard reports a reorg deeper than finality (see
// indexer/README.md), with the indexer stopped.
//
//   npm run indexer:reindex                    PGlite: the chain's directory
//   npm run indexer:reindex -- --schema kc     PostgreSQL (DATABASE_URL): the schema
//
// Both also clear the chain's RPC cache, which holds the orphaned blocks.
import { rmSync } from "node:fs";

import { DeploymentRecordError } from "../../deploy/record.ts";
import { IndexerSetupError } from "../lib/errors.ts";
import { deleteChainRows, dropSchema, withPostgres } from "../lib/postgres-state.ts";
import { prepareIndexer } from "../lib/preflight.ts";
import { readSettings } from "../lib/settings.ts";

async function main(): Promise<void> {
  const settings = readSettings(process.env, process.argv.slice(2));

  if (settings.databaseUrl === undefined) {
    // Only the directory is needed, so a record whose chain is unreachable
    // still cannot point this at the wrong place: prepareIndexer checks it.
    const prepared = await prepareIndexer(settings);
    if (prepared.database.kind !== "pglite") throw new Error("expected PGlite");

    rmSync(prepared.database.directory, { recursive: true, force: true });
    console.log(`Removed ${prepared.database.directory}; the next start indexes from the record.`);
    return;
  }

  const schema = settings.databaseSchema;
  if (schema === undefined) {
    throw new IndexerSetupError(
      "with DATABASE_URL, name the schema to rebuild: npm run indexer:reindex -- --schema <name>",
    );
  }

  // The schema's own data may say it belongs to another chain; a rebuild is
  // exactly the cure, so the schema check of prepareIndexer is skipped.
  const prepared = await prepareIndexer({ ...settings, databaseSchema: undefined });
  await withPostgres(settings.databaseUrl, async (client) => {
    await dropSchema(client, schema);
    await deleteChainRows(client, prepared.chain.chainId);
  });
  console.log(
    `Dropped schema "${schema}" and the RPC cache of chain ${prepared.chain.chainId}; ` +
      "the next start indexes from the record.",
  );
}

try {
  await main();
} catch (error) {
  if (error instanceof DeploymentRecordError || error instanceof IndexerSetupError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
