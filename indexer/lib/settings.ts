import path from "node:path";
import { fileURLToPath } from "node:url";

import { recordPath } from "../../deploy/record.ts";

/**
 * The repository root; the indexer lives in `<root>/indexer`. (Ponder loads
 * this file through vite-node, which has `import.meta.url` but no `dirname`.)
 */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Where the indexer keeps its embedded database unless told otherwise. */
export const DEFAULT_PGLITE_ROOT = path.join(REPO_ROOT, "indexer", ".ponder");

export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";

/** Everything the indexer reads from its environment, in one place. */
export interface IndexerSettings {
  /** The deployment record to index: `deployments/<KC_NETWORK>.json` or KC_DEPLOYMENT_RECORD. */
  recordFile: string;
  rpcUrl: string;
  /** PostgreSQL when set; the embedded PGlite otherwise. */
  databaseUrl: string | undefined;
  /** The folder under which each chain's PGlite database gets its own directory. */
  pgliteRoot: string;
  /** The PostgreSQL schema given to `ponder start|serve --schema` or DATABASE_SCHEMA. */
  databaseSchema: string | undefined;
}

export function readSettings(
  env: NodeJS.ProcessEnv = process.env,
  argv: readonly string[] = process.argv,
): IndexerSettings {
  const network = env.KC_NETWORK ?? "localhost";

  return {
    recordFile: env.KC_DEPLOYMENT_RECORD ?? recordPath(network, REPO_ROOT),
    rpcUrl: env.KC_RPC_URL ?? DEFAULT_RPC_URL,
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteRoot: env.KC_PGLITE_DIR ?? DEFAULT_PGLITE_ROOT,
    databaseSchema: schemaFromArgv(argv) ?? (env.DATABASE_SCHEMA || undefined),
  };
}

/** The value of `--schema X` or `--schema=X` on Ponder's command line, if any. */
export function schemaFromArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--schema") return argv[i + 1];
    if (arg.startsWith("--schema=")) return arg.slice("--schema=".length);
  }
  return undefined;
}

/**
 * The PGlite directory of one chain. Keyed by the genesis hash so that a
 * restarted local node (new genesis) starts from an empty database and an
 * empty RPC cache instead of mixing in the old chain's blocks.
 */
export function pgliteDirectory(root: string, chainId: number, genesisHash: string): string {
  return path.join(root, `pglite-${chainId}-${genesisHash.slice(2, 14).toLowerCase()}`);
}
