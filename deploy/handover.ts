/**
 * Moves control of every deployed contract from the deployer to another
 * address (a multisig in production): grants it every role the deployer
 * holds, renounces the deployer's roles, then reads all roles back.
 */
import { Contract, id, ZeroHash, type Signer } from "ethers";

import type { DeploymentRecord } from "./record.ts";

/** The roles KC contracts use; a contract that lacks one simply reports nobody holds it. */
export const ROLES: Readonly<Record<string, string>> = {
  DEFAULT_ADMIN_ROLE: ZeroHash,
  UPGRADER_ROLE: id("UPGRADER_ROLE"),
  PAUSER_ROLE: id("PAUSER_ROLE"),
  MINTER_ROLE: id("MINTER_ROLE"),
};

/** The roles the new holder must end up with, whatever the deployer held. */
const REQUIRED_ROLES = ["DEFAULT_ADMIN_ROLE", "UPGRADER_ROLE"];

const ACCESS_CONTROL_ABI = [
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "function grantRole(bytes32 role, address account)",
  "function renounceRole(bytes32 role, address callerConfirmation)",
];

/** The roles did not end up as expected; the message lists every difference. */
export class HandoverError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HandoverError";
  }
}

export interface HandoverDependencies {
  deployer: Signer;
  record: DeploymentRecord;
  newAdmin: string;
  log: (line: string) => void;
}

export async function handOverRoles(
  deps: HandoverDependencies,
): Promise<{ transactionsSent: number }> {
  const { deployer, record, newAdmin, log } = deps;
  const deployerAddress = await deployer.getAddress();
  let transactionsSent = 0;

  if (deployerAddress.toLowerCase() === newAdmin.toLowerCase()) {
    throw new HandoverError(`--handover ${newAdmin} is the deployer itself: give another address`);
  }

  for (const [name, entry] of Object.entries(record.contracts)) {
    const contract = new Contract(entry.proxy, ACCESS_CONTROL_ABI, deployer);
    const held = await rolesHeldBy(contract, deployerAddress);

    // Grant everything first and renounce afterwards, admin last: if anything
    // fails half-way, the deployer still holds the admin role and can retry.
    for (const role of held) {
      if (!(await contract.hasRole(ROLES[role], newAdmin))) {
        await (await contract.grantRole(ROLES[role], newAdmin)).wait();
        transactionsSent++;
      }
    }

    const renounceOrder = [
      ...held.filter((role) => role !== "DEFAULT_ADMIN_ROLE"),
      ...held.filter((role) => role === "DEFAULT_ADMIN_ROLE"),
    ];
    for (const role of renounceOrder) {
      await (await contract.renounceRole(ROLES[role], deployerAddress)).wait();
      transactionsSent++;
    }

    await verifyRoles(name, contract, deployerAddress, newAdmin, held);
    log(
      held.length === 0
        ? `${name}: already handed over to ${newAdmin}`
        : `${name}: moved ${held.join(", ")} to ${newAdmin}, deployer renounced them`,
    );
  }

  return { transactionsSent };
}

async function rolesHeldBy(contract: Contract, account: string): Promise<string[]> {
  const held: string[] = [];
  for (const [role, roleId] of Object.entries(ROLES)) {
    if (await contract.hasRole(roleId, account)) held.push(role);
  }
  return held;
}

/** Reads the roles back from the chain and fails loudly if anything is off. */
async function verifyRoles(
  name: string,
  contract: Contract,
  deployer: string,
  newAdmin: string,
  moved: string[],
): Promise<void> {
  const problems: string[] = [];

  for (const role of new Set([...moved, ...REQUIRED_ROLES])) {
    if (!(await contract.hasRole(ROLES[role], newAdmin)))
      problems.push(`${newAdmin} lacks ${role}`);
  }
  for (const role of Object.keys(ROLES)) {
    if (await contract.hasRole(ROLES[role], deployer))
      problems.push(`deployer still holds ${role}`);
  }

  if (problems.length > 0) {
    throw new HandoverError(`${name}: role hand-over did not complete: ${problems.join("; ")}`);
  }
}
