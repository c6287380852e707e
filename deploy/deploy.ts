/**
 * Deploys the KC system behind UUPS proxies and writes the deployment record.
 *
 * The deploy is idempotent: it compares what the record says, what the chain
 * holds and what was built, and only deploys contracts that are missing. A
 * contract whose built code differs from its deployed implementation is
 * reported and left alone: changing it is the upgrade command's job.
 */
import { existsSync } from "node:fs";

import type { HardhatUpgrades } from "@openzeppelin/hardhat-upgrades";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";

import { runtimeCodeMatches, type BuiltArtifact } from "./bytecode.ts";
import {
  LOCAL_CHAIN_IDS,
  readChainFacts,
  readGitState,
  readImplementation,
  sameAddress,
  type ChainFacts,
} from "./chain.ts";
import { SYSTEM_CONTRACTS, type ContractSpec, type SystemSettings } from "./contracts.ts";
import {
  abiHash,
  assertRecordMatchesChain,
  readDeploymentRecord,
  StaleDeploymentRecordError,
  writeDeploymentRecord,
  type ContractRecord,
  type DeploymentRecord,
} from "./record.ts";

export type Connection = NetworkConnection;

export interface DeployDependencies {
  hre: HardhatRuntimeEnvironment;
  connection: Connection;
  upgradesApi: HardhatUpgrades;
  /** The network's name in the record and in the commands printed to the user. */
  network: string;
  recordFile: string;
  settings: SystemSettings;
  contracts?: readonly ContractSpec[];
  dryRun?: boolean;
  log: (line: string) => void;
}

export type PlanStep =
  | { contract: string; action: "deploy"; reason: string }
  | { contract: string; action: "unchanged" }
  | { contract: string; action: "changed"; reason: string };

export interface DeployResult {
  plan: PlanStep[];
  record: DeploymentRecord | null;
  /** Transactions this run sent (0 for a dry run or when nothing was to do). */
  transactionsSent: number;
  /** Gas per contract to deploy, measured on an in-process chain (dry runs only). */
  estimatedGas?: Record<string, bigint>;
}

export async function deploySystem(deps: DeployDependencies): Promise<DeployResult> {
  const { connection, log } = deps;
  const contracts = deps.contracts ?? SYSTEM_CONTRACTS;
  const provider = connection.ethers.provider;

  const chain = await readChainFacts(provider);
  const existing = loadUsableRecord(deps, chain);
  const plan = await planDeployment(deps, contracts, existing);

  for (const step of plan) log(describeStep(step, deps.network));

  const toDeploy = plan.filter((step) => step.action === "deploy").map((step) => step.contract);
  if (toDeploy.length === 0) {
    log(`nothing to deploy on ${deps.network}: no transaction sent`);
    return { plan, record: existing, transactionsSent: 0 };
  }

  if (deps.dryRun === true) {
    const estimatedGas = await estimateDeployGas(deps, contracts, toDeploy);
    await logCost(deps, estimatedGas);
    return { plan, record: existing, transactionsSent: 0, estimatedGas };
  }

  const [deployer] = await connection.ethers.getSigners();
  const git = readGitState();
  const record: DeploymentRecord = existing ?? {
    schemaVersion: 1,
    network: deps.network,
    chainId: chain.chainId,
    genesisHash: chain.genesisHash,
    deployer: deployer.address as `0x${string}`,
    commit: git.commit,
    dirty: git.dirty,
    updatedAt: new Date().toISOString(),
    contracts: {},
  };

  let transactionsSent = 0;
  for (const spec of contracts) {
    if (!toDeploy.includes(spec.name)) continue;

    const nonceBefore = await provider.getTransactionCount(deployer.address);
    record.contracts[spec.name] = await deployOne(deps, spec, record, deployer.address);
    transactionsSent += (await provider.getTransactionCount(deployer.address)) - nonceBefore;

    // Written after every contract, so a failure half-way keeps what was done
    // and a re-run continues from there.
    record.commit = git.commit;
    record.dirty = git.dirty;
    record.updatedAt = new Date().toISOString();
    writeDeploymentRecord(deps.recordFile, record);

    const entry = record.contracts[spec.name];
    log(`deployed ${spec.name}: proxy ${entry.proxy} (block ${entry.deployBlock})`);
  }

  log(`wrote ${deps.recordFile}`);
  return { plan, record, transactionsSent };
}

/**
 * The existing record, or null when there is none. A record for a restarted
 * local node is replaced (the old contracts are gone); on any other chain a
 * mismatch stops the deploy.
 */
function loadUsableRecord(deps: DeployDependencies, chain: ChainFacts): DeploymentRecord | null {
  if (!existsSync(deps.recordFile)) return null;

  const record = readDeploymentRecord(deps.recordFile);
  try {
    assertRecordMatchesChain(record, chain, deps.recordFile);
    return record;
  } catch (error) {
    if (error instanceof StaleDeploymentRecordError && LOCAL_CHAIN_IDS.includes(chain.chainId)) {
      deps.log(`${deps.recordFile} belongs to a restarted local node: deploying afresh`);
      return null;
    }
    throw error;
  }
}

export async function planDeployment(
  deps: DeployDependencies,
  contracts: readonly ContractSpec[],
  record: DeploymentRecord | null,
): Promise<PlanStep[]> {
  const provider = deps.connection.ethers.provider;
  const plan: PlanStep[] = [];

  for (const spec of contracts) {
    const entry = record?.contracts[spec.name];
    if (entry === undefined) {
      plan.push({ contract: spec.name, action: "deploy", reason: "not deployed yet" });
      continue;
    }

    if ((await provider.getCode(entry.proxy)) === "0x") {
      // A local node reverted to a snapshot taken before the deploy.
      plan.push({ contract: spec.name, action: "deploy", reason: "recorded proxy has no code" });
      continue;
    }

    const implementation = await readImplementation(provider, entry.proxy);
    if (!sameAddress(implementation, entry.implementation)) {
      plan.push({
        contract: spec.name,
        action: "changed",
        reason: `its proxy points at ${implementation}, the record says ${entry.implementation}`,
      });
      continue;
    }

    const artifact = (await deps.hre.artifacts.readArtifact(spec.name)) as BuiltArtifact;
    const code = await provider.getCode(entry.implementation);
    plan.push(
      runtimeCodeMatches(code, artifact)
        ? { contract: spec.name, action: "unchanged" }
        : { contract: spec.name, action: "changed", reason: "the built code differs" },
    );
  }

  return plan;
}

function describeStep(step: PlanStep, network: string): string {
  switch (step.action) {
    case "deploy":
      return `${step.contract}: to deploy (${step.reason})`;
    case "unchanged":
      return `${step.contract}: deployed and unchanged`;
    case "changed":
      return (
        `${step.contract} changed (${step.reason}): run ` +
        `\`npm run upgrade -- --network ${network} --contract ${step.contract}\``
      );
  }
}

async function deployOne(
  deps: DeployDependencies,
  spec: ContractSpec,
  record: DeploymentRecord,
  admin: string,
): Promise<ContractRecord> {
  const { connection, upgradesApi } = deps;
  const [deployer] = await connection.ethers.getSigners();

  const factory = await connection.ethers.getContractFactory(spec.name, deployer);
  const args = spec.initializerArgs({
    admin,
    settings: deps.settings,
    addressOf: (name) => {
      const dependency = record.contracts[name];
      if (dependency === undefined) {
        throw new Error(
          `${spec.name} needs ${name}, which is listed after it in deploy/contracts.ts`,
        );
      }
      return dependency.proxy;
    },
  });

  const proxy = await upgradesApi.deployProxy(factory, args, {
    kind: "uups",
    initializer: "initialize",
  });
  await proxy.waitForDeployment();

  const deployment = proxy.deploymentTransaction();
  if (deployment === null) throw new Error(`${spec.name}: the plugin returned no transaction`);
  const receipt = await deployment.wait();
  if (receipt === null) throw new Error(`${spec.name}: no receipt for ${deployment.hash}`);

  const proxyAddress = (await proxy.getAddress()) as `0x${string}`;
  const artifact = await deps.hre.artifacts.readArtifact(spec.name);

  return {
    proxy: proxyAddress,
    implementation: (await upgradesApi.erc1967.getImplementationAddress(
      proxyAddress,
    )) as `0x${string}`,
    deployTransaction: deployment.hash as `0x${string}`,
    deployBlock: receipt.blockNumber,
    abiHash: abiHash(artifact.abi),
    previousImplementations: [],
  };
}

/**
 * Measures the gas of each contract to deploy by deploying the whole system
 * on a fresh in-process chain. Estimating on the target cannot work: a proxy's
 * constructor calls an implementation that does not exist there yet.
 */
async function estimateDeployGas(
  deps: DeployDependencies,
  contracts: readonly ContractSpec[],
  toDeploy: string[],
): Promise<Record<string, bigint>> {
  const { upgrades } = await import("@openzeppelin/hardhat-upgrades");
  const simulation = await deps.hre.network.create({ network: "default" });

  try {
    const simulationApi = await upgrades(deps.hre, simulation);
    const [deployer] = await simulation.ethers.getSigners();
    const provider = simulation.ethers.provider;
    const record = { contracts: {} } as DeploymentRecord;
    const gas: Record<string, bigint> = {};

    for (const spec of contracts) {
      const before = await provider.getBlockNumber();
      record.contracts[spec.name] = await deployOne(
        { ...deps, connection: simulation, upgradesApi: simulationApi },
        spec,
        record,
        deployer.address,
      );
      const after = await provider.getBlockNumber();

      let used = 0n;
      for (let block = before + 1; block <= after; block++) {
        used += (await provider.getBlock(block))?.gasUsed ?? 0n;
      }
      if (toDeploy.includes(spec.name)) gas[spec.name] = used;
    }

    return gas;
  } finally {
    await simulation.close();
  }
}

async function logCost(deps: DeployDependencies, gas: Record<string, bigint>): Promise<void> {
  const fees = await deps.connection.ethers.provider.getFeeData();
  const price = fees.maxFeePerGas ?? fees.gasPrice ?? 0n;
  let total = 0n;

  for (const [name, used] of Object.entries(gas)) {
    deps.log(`dry run: ${name} would use about ${used} gas (implementation, proxy, initialize)`);
    total += used;
  }

  const cost = Number((total * price) / 10n ** 12n) / 1e6;
  deps.log(
    `dry run: about ${total} gas in total, ${cost} ETH at ${Number(price) / 1e9} gwei; nothing sent`,
  );
}
