/**
 * The deployment record: what `npm run deploy` wrote about one network, and the
 * only module that reads, validates and writes it. Everything downstream (the
 * indexer, the sandbox scripts, the mock data generator) goes through here so
 * the shape is checked in one place. The shape is documented in
 * deploy/README.md ("The deployment record").
 *
 * NOTE: schemaVersion 1 only. A new version adds a reader for it here and keeps
 * reading version 1 until no record of that version is left.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

import { keccak256 } from "ethers/crypto";
import { toUtf8Bytes } from "ethers/utils";

export const RECORD_SCHEMA_VERSION = 1;

/** The folder the deploy command writes records into, relative to the repository root. */
export const DEPLOYMENTS_DIR = "deployments";

export type Address = `0x${string}`;
export type Hash = `0x${string}`;

/** An implementation a proxy pointed at before an upgrade; rollback returns to it. */
export interface PreviousImplementation {
  implementation: Address;
  abiHash: Hash;
  /** The transaction that moved the proxy away from this implementation. */
  replacedInTransaction: Hash;
  replacedAtBlock: number;
}

export interface ContractRecord {
  proxy: Address;
  implementation: Address;
  /** The transaction that deployed the proxy. */
  deployTransaction: Hash;
  /** The block of the proxy deployment: indexers start reading here. */
  deployBlock: number;
  /** keccak256 of the canonical JSON of the implementation's ABI (see {@link abiHash}). */
  abiHash: Hash;
  /** Newest last; rollback takes the last one. */
  previousImplementations: PreviousImplementation[];
}

export interface DeploymentRecord {
  schemaVersion: 1;
  network: string;
  chainId: number;
  /** Hash of block 0 when deployed: tells a restarted local node from the one deployed to. */
  genesisHash: Hash;
  deployer: Address;
  /** The git commit the artifacts were built from, or null outside a git checkout. */
  commit: string | null;
  /** Whether the checkout had uncommitted changes when the artifacts were used. */
  dirty: boolean;
  updatedAt: string;
  contracts: Record<string, ContractRecord>;
}

/** A record is missing or malformed; the message says what is wrong and what to do. */
export class DeploymentRecordError extends Error {
  readonly file: string;

  constructor(file: string, message: string) {
    super(message);
    this.name = "DeploymentRecordError";
    this.file = file;
  }
}

/** A well-formed record that was written for another chain or for a node since restarted. */
export class StaleDeploymentRecordError extends DeploymentRecordError {
  constructor(file: string, message: string) {
    super(file, message);
    this.name = "StaleDeploymentRecordError";
  }
}

/** The record file of a network: `deployments/<network>.json` under `root`. */
export function recordPath(network: string, root: string = process.cwd()): string {
  return join(root, DEPLOYMENTS_DIR, `${network}.json`);
}

/**
 * keccak256 of the ABI's canonical JSON: object keys sorted at every level,
 * array order kept, no whitespace. Two builds of the same interface hash alike
 * whatever order the compiler wrote the keys in.
 */
export function abiHash(abi: readonly unknown[]): Hash {
  return keccak256(toUtf8Bytes(canonicalJson(abi))) as Hash;
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(",")}]`;
  }

  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map(
        (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
      );
    return `{${entries.join(",")}}`;
  }

  return JSON.stringify(value);
}

/** Reads and validates a record; throws {@link DeploymentRecordError} with a one-line reason. */
export function readDeploymentRecord(file: string): DeploymentRecord {
  const network = basename(file).replace(/\.json$/, "");
  const redeploy = `run \`npm run deploy -- --network ${network}\``;

  if (!existsSync(file)) {
    throw new DeploymentRecordError(file, `${file} not found: ${redeploy} first`);
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DeploymentRecordError(file, `${file} is not valid JSON (${reason}): ${redeploy}`);
  }

  return validateDeploymentRecord(parsed, file);
}

/**
 * Checks that `value` has the record's shape exactly: no missing fields, no
 * unknown ones, addresses and hashes well-formed, blocks non-negative integers.
 */
export function validateDeploymentRecord(value: unknown, file: string): DeploymentRecord {
  const check = new Checker(file);
  const record = check.object(value, "the top level");

  check.keys(record, "", [
    "schemaVersion",
    "network",
    "chainId",
    "genesisHash",
    "deployer",
    "commit",
    "dirty",
    "updatedAt",
    "contracts",
  ]);

  if (record.schemaVersion !== RECORD_SCHEMA_VERSION) {
    check.fail(
      `schemaVersion ${JSON.stringify(record.schemaVersion)} is not supported ` +
        `(this toolkit reads ${RECORD_SCHEMA_VERSION}): update the toolkit or redeploy`,
    );
  }

  check.nonEmptyString(record.network, "network");
  check.blockNumber(record.chainId, "chainId");
  if (record.chainId === 0) check.fail("chainId must be positive");
  check.hash(record.genesisHash, "genesisHash");
  check.address(record.deployer, "deployer");
  if (record.commit !== null) check.nonEmptyString(record.commit, "commit");
  if (typeof record.dirty !== "boolean") check.fail("dirty is not true or false");
  check.nonEmptyString(record.updatedAt, "updatedAt");
  if (Number.isNaN(Date.parse(record.updatedAt as string))) {
    check.fail("updatedAt is not an ISO date");
  }

  const contracts = check.object(record.contracts, "contracts");
  for (const [name, entry] of Object.entries(contracts)) {
    validateContract(check, entry, `contracts.${name}`);
  }

  return record as unknown as DeploymentRecord;
}

function validateContract(check: Checker, value: unknown, path: string): void {
  const entry = check.object(value, path);

  check.keys(entry, `${path}.`, [
    "proxy",
    "implementation",
    "deployTransaction",
    "deployBlock",
    "abiHash",
    "previousImplementations",
  ]);
  check.address(entry.proxy, `${path}.proxy`);
  check.address(entry.implementation, `${path}.implementation`);
  check.hash(entry.deployTransaction, `${path}.deployTransaction`);
  check.blockNumber(entry.deployBlock, `${path}.deployBlock`);
  check.hash(entry.abiHash, `${path}.abiHash`);

  if (!Array.isArray(entry.previousImplementations)) {
    check.fail(`${path}.previousImplementations is not a list`);
  }

  (entry.previousImplementations as unknown[]).forEach((previous, index) => {
    const at = `${path}.previousImplementations[${index}]`;
    const item = check.object(previous, at);

    check.keys(item, `${at}.`, [
      "implementation",
      "abiHash",
      "replacedInTransaction",
      "replacedAtBlock",
    ]);
    check.address(item.implementation, `${at}.implementation`);
    check.hash(item.abiHash, `${at}.abiHash`);
    check.hash(item.replacedInTransaction, `${at}.replacedInTransaction`);
    check.blockNumber(item.replacedAtBlock, `${at}.replacedAtBlock`);
  });
}

/** Collects the field checks so every failure reads "<file>: <field> <what is wrong>". */
class Checker {
  private readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  fail(reason: string): never {
    throw new DeploymentRecordError(this.file, `${this.file}: ${reason}`);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      this.fail(`${path} is not an object`);
    }
    return value as Record<string, unknown>;
  }

  keys(value: Record<string, unknown>, prefix: string, expected: string[]): void {
    for (const key of expected) {
      if (!(key in value)) this.fail(`${prefix}${key} is missing`);
    }

    for (const key of Object.keys(value)) {
      if (!expected.includes(key)) this.fail(`${prefix}${key} is not a known field`);
    }
  }

  nonEmptyString(value: unknown, path: string): void {
    if (typeof value !== "string" || value.length === 0) this.fail(`${path} is not a string`);
  }

  address(value: unknown, path: string): void {
    if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value)) {
      this.fail(`${path} is not an address`);
    }
  }

  hash(value: unknown, path: string): void {
    if (typeof value !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(value)) {
      this.fail(`${path} is not a 32-byte hex hash`);
    }
  }

  blockNumber(value: unknown, path: string): void {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
      this.fail(`${path} is not a non-negative integer`);
    }
  }
}

/**
 * Writes a record atomically: to a temporary file beside the target, then a
 * rename, so a reader never sees half a file. The record is validated first,
 * so a bug in a writer cannot leave a file every reader rejects.
 */
export function writeDeploymentRecord(file: string, record: DeploymentRecord): void {
  validateDeploymentRecord(JSON.parse(JSON.stringify(record)), file);
  mkdirSync(dirname(file), { recursive: true });

  const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** What a node says about itself; compared with what the record says. */
export interface ChainIdentity {
  chainId: number;
  genesisHash: string;
}

/**
 * Throws {@link StaleDeploymentRecordError} when the record was written for
 * another chain, or for a local node that has since restarted (same chain id,
 * new genesis hash).
 */
export function assertRecordMatchesChain(
  record: DeploymentRecord,
  chain: ChainIdentity,
  file: string = recordPath(record.network),
): void {
  const redeploy = `redeploy with \`npm run deploy -- --network ${record.network}\``;

  if (record.chainId !== chain.chainId) {
    throw new StaleDeploymentRecordError(
      file,
      `${file} was written for chain ${record.chainId} but the node is chain ` +
        `${chain.chainId}: the record was written for another chain; ${redeploy}`,
    );
  }

  if (record.genesisHash.toLowerCase() !== chain.genesisHash.toLowerCase()) {
    throw new StaleDeploymentRecordError(
      file,
      `${file} was written for genesis ${record.genesisHash} but the node's block 0 is ` +
        `${chain.genesisHash}: the record was written for a restarted node; ${redeploy}`,
    );
  }
}

/** The entry of one contract, or a {@link DeploymentRecordError} naming what to do. */
export function contractRecord(
  record: DeploymentRecord,
  name: string,
  file: string = recordPath(record.network),
): ContractRecord {
  const entry = record.contracts[name];
  if (entry === undefined) {
    throw new DeploymentRecordError(
      file,
      `${file} has no contracts.${name}: run \`npm run deploy -- --network ${record.network}\``,
    );
  }
  return entry;
}
