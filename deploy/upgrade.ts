/**
 * Upgrades a deployed proxy to newly built code, and rolls one back to the
 * implementation it had before. Both validate before sending anything and
 * both record the move in the deployment record.
 */
import type { HardhatUpgrades } from "@openzeppelin/hardhat-upgrades";
import {
  getStorageUpgradeReport,
  Manifest,
  withValidationDefaults,
} from "@openzeppelin/upgrades-core";
import { Contract, type ContractFactory } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { runtimeCodeMatches, type BuiltArtifact } from "./bytecode.ts";
import { readChainFacts, readGitState, readImplementation, sameAddress } from "./chain.ts";
import { UsageError } from "./cli.ts";
import type { Connection } from "./deploy.ts";
import {
  abiHash,
  assertRecordMatchesChain,
  contractRecord,
  readDeploymentRecord,
  writeDeploymentRecord,
  type ContractRecord,
  type DeploymentRecord,
} from "./record.ts";

/** Validation refused the new implementation; the message says what is incompatible. */
export class UpgradeRejectedError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = "UpgradeRejectedError";
  }
}

export interface UpgradeDependencies {
  hre: HardhatRuntimeEnvironment;
  connection: Connection;
  upgradesApi: HardhatUpgrades;
  recordFile: string;
  /** The proxy to upgrade, by its name in the record. */
  contract: string;
  /** The artifact of the new implementation; the contract's own name by default. */
  to?: string;
  /** A function of the new implementation to call during the upgrade (a reinitializer). */
  call?: { fn: string; args: unknown[] };
  dryRun?: boolean;
  log: (line: string) => void;
}

export interface MoveResult {
  /** False when there was nothing to do or it was a dry run. */
  moved: boolean;
  record: DeploymentRecord;
}

const UUPS_ABI = ["function upgradeToAndCall(address newImplementation, bytes data) payable"];

export async function upgradeContract(deps: UpgradeDependencies): Promise<MoveResult> {
  const { connection, upgradesApi, log } = deps;
  const { record, entry } = await loadCurrent(deps);
  const target = deps.to ?? deps.contract;
  const [deployer] = await connection.ethers.getSigners();

  const artifact = (await deps.hre.artifacts.readArtifact(target)) as BuiltArtifact;
  const currentCode = await connection.ethers.provider.getCode(entry.implementation);
  if (runtimeCodeMatches(currentCode, artifact)) {
    log(
      `${deps.contract} already runs the built ${target}: nothing to upgrade, no transaction sent`,
    );
    return { moved: false, record };
  }

  const factory = await connection.ethers.getContractFactory(target, deployer);
  try {
    await upgradesApi.validateUpgrade(entry.proxy, factory, { kind: "uups" });
  } catch (error) {
    throw new UpgradeRejectedError(
      `${deps.contract} cannot be upgraded to ${target}; nothing was sent.\n${describe(error)}`,
    );
  }
  log(`${deps.contract}: ${target} is compatible with the deployed implementation`);

  const data = encodeCall(factory, deps.call);
  if (deps.dryRun === true) {
    const gas = await deployer.estimateGas(await factory.getDeployTransaction());
    log(`dry run: the ${target} implementation would use about ${gas} gas to deploy, plus the`);
    log(`dry run: upgradeToAndCall${deps.call ? ` with ${deps.call.fn}` : ""}; nothing sent`);
    return { moved: false, record };
  }

  const newImplementation = (await upgradesApi.prepareUpgrade(entry.proxy, factory, {
    kind: "uups",
  })) as string;

  return switchImplementation(
    deps,
    record,
    newImplementation,
    abiHash(artifact.abi),
    data,
    "upgraded",
  );
}

/**
 * Points the proxy back at the last implementation in its history. The
 * storage layout of that implementation (kept by the upgrades plugin in its
 * manifest) is checked against the current one first; a namespace the newer
 * version added is allowed to go (its data stays in storage, unread).
 */
export async function rollbackContract(
  deps: Omit<UpgradeDependencies, "to" | "call">,
): Promise<MoveResult> {
  const { log } = deps;
  const { record, entry } = await loadCurrent(deps);
  const previous = entry.previousImplementations.at(-1);

  if (previous === undefined) {
    throw new UsageError(
      `${deps.contract} has no previous implementation in the record: nothing to roll back to`,
    );
  }

  const manifest = await Manifest.forNetwork(deps.connection.ethers.provider);
  const current = await layoutOf(manifest, entry.implementation, deps.contract);
  const target = await layoutOf(manifest, previous.implementation, deps.contract);

  const report = getStorageUpgradeReport(current, target, withValidationDefaults({}));
  const blocking = report.ops.filter((op) => op.kind !== "delete-namespace");
  if (!report.ok && blocking.length > 0) {
    throw new UpgradeRejectedError(
      `${deps.contract} cannot be rolled back to ${previous.implementation}; nothing was sent.\n${report.explain()}`,
    );
  }
  for (const op of report.ops) {
    if (op.kind === "delete-namespace") {
      log(
        `${deps.contract}: storage namespace ${op.namespace} stays in storage, unused after the rollback`,
      );
    }
  }
  log(`${deps.contract}: ${previous.implementation} is compatible with the current implementation`);

  if (deps.dryRun === true) {
    log(`dry run: would call upgradeToAndCall(${previous.implementation}, 0x); nothing sent`);
    return { moved: false, record };
  }

  return switchImplementation(
    deps,
    record,
    previous.implementation,
    previous.abiHash,
    "0x",
    "rolled back",
  );
}

async function loadCurrent(
  deps: Pick<UpgradeDependencies, "connection" | "recordFile" | "contract">,
): Promise<{ record: DeploymentRecord; entry: ContractRecord }> {
  const provider = deps.connection.ethers.provider;
  const record = readDeploymentRecord(deps.recordFile);
  assertRecordMatchesChain(record, await readChainFacts(provider), deps.recordFile);
  const entry = contractRecord(record, deps.contract, deps.recordFile);

  const onChain = await readImplementation(provider, entry.proxy);
  if (!sameAddress(onChain, entry.implementation)) {
    throw new UsageError(
      `${deps.contract}'s proxy points at ${onChain} but ${deps.recordFile} says ` +
        `${entry.implementation}: the record is out of date; fix it before upgrading`,
    );
  }

  return { record, entry };
}

async function layoutOf(manifest: Manifest, implementation: string, name: string) {
  try {
    return (await manifest.getDeploymentFromAddress(implementation)).layout;
  } catch {
    throw new UsageError(
      `no storage layout for ${name}'s implementation ${implementation} in the upgrades manifest ` +
        `(.openzeppelin/): restore the manifest, or import it with upgrades.forceImport`,
    );
  }
}

/** Sends upgradeToAndCall, checks the proxy's slot, and records the move. */
async function switchImplementation(
  deps: Pick<UpgradeDependencies, "connection" | "recordFile" | "contract" | "log">,
  record: DeploymentRecord,
  newImplementation: string,
  newAbiHash: `0x${string}`,
  data: string,
  verb: string,
): Promise<MoveResult> {
  const { connection } = deps;
  const [deployer] = await connection.ethers.getSigners();
  const entry = record.contracts[deps.contract];

  const proxy = new Contract(entry.proxy, UUPS_ABI, deployer);
  const response = await proxy.upgradeToAndCall(newImplementation, data);
  const receipt = await response.wait();

  const now = await readImplementation(connection.ethers.provider, entry.proxy);
  if (!sameAddress(now, newImplementation)) {
    throw new Error(
      `${deps.contract}: after the upgrade the proxy points at ${now}, not ${newImplementation}`,
    );
  }

  const isRollback = verb === "rolled back";
  const history = isRollback
    ? entry.previousImplementations.slice(0, -1)
    : [
        ...entry.previousImplementations,
        {
          implementation: entry.implementation,
          abiHash: entry.abiHash,
          replacedInTransaction: response.hash as `0x${string}`,
          replacedAtBlock: receipt.blockNumber as number,
        },
      ];

  record.contracts[deps.contract] = {
    ...entry,
    implementation: newImplementation as `0x${string}`,
    abiHash: newAbiHash,
    previousImplementations: history,
  };
  const git = readGitState();
  record.commit = git.commit;
  record.dirty = git.dirty;
  record.updatedAt = new Date().toISOString();
  writeDeploymentRecord(deps.recordFile, record);

  deps.log(
    `${verb} ${deps.contract} to ${newImplementation} in ${response.hash} (block ${receipt.blockNumber})`,
  );
  return { moved: true, record };
}

function encodeCall(factory: ContractFactory, call: UpgradeDependencies["call"]): string {
  if (call === undefined) return "0x";

  try {
    return factory.interface.encodeFunctionData(call.fn, call.args);
  } catch (error) {
    throw new UsageError(
      `--call ${call.fn} with ${JSON.stringify(call.args)} does not fit the ABI: ${describe(error).split("\n")[0]}`,
    );
  }
}

/** The plugin's errors carry their details (what is incompatible, where) in the message. */
function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim();
}
