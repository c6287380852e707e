import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { upgrades, type HardhatUpgrades } from "@openzeppelin/hardhat-upgrades";
import { expect } from "chai";
import hre from "hardhat";

import { readImplementation } from "../../deploy/chain.ts";
import { UsageError } from "../../deploy/cli.ts";
import { readSystemSettings, SYSTEM_CONTRACTS } from "../../deploy/contracts.ts";
import { deploySystem, type Connection, type DeployDependencies } from "../../deploy/deploy.ts";
import { handOverRoles, HandoverError, ROLES } from "../../deploy/handover.ts";
import { connectNetwork } from "../../deploy/network.ts";
import { readDeploymentRecord, writeDeploymentRecord } from "../../deploy/record.ts";
import { rollbackContract, upgradeContract, UpgradeRejectedError } from "../../deploy/upgrade.ts";
import { startHardhatNode, type LocalNode } from "../helpers/node.ts";
import { KC } from "../helpers/token.ts";

/** The error a promise rejects with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the promise to reject, and it resolved");
}

describe("deploy (end to end on a hardhat node)", function () {
  this.timeout(120_000);

  let node: LocalNode;
  let connection: Connection;
  let upgradesApi: HardhatUpgrades;
  let dir: string;
  let recordFile: string;
  let lines: string[];

  before(async function () {
    node = await startHardhatNode();
    connection = await connectNetwork(hre, {
      name: "localhost",
      url: node.url,
      accounts: "remote",
    });
    upgradesApi = await upgrades(hre, connection);
    dir = mkdtempSync(join(tmpdir(), "kc-deploy-"));
    recordFile = join(dir, "localhost.json");
  });

  after(async function () {
    await connection?.close();
    await node?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(function () {
    lines = [];
  });

  function deps(overrides: Partial<DeployDependencies> = {}): DeployDependencies {
    return {
      hre,
      connection,
      upgradesApi,
      network: "localhost",
      recordFile,
      settings: readSystemSettings({ KC_FEE_BPS: "25" }),
      log: (line) => lines.push(line),
      ...overrides,
    };
  }

  const blockNumber = () => connection.ethers.provider.getBlockNumber();
  const token = async () =>
    connection.ethers.getContractAt(
      "KatyCoinV2",
      readDeploymentRecord(recordFile).contracts.KatyCoin.proxy,
    );

  describe("when nothing is deployed yet", function () {
    it("prints the plan and the estimated gas on a dry run, and sends nothing", async function () {
      const before = await blockNumber();

      const result = await deploySystem(deps({ dryRun: true }));

      expect(result.transactionsSent).to.equal(0);
      expect(await blockNumber()).to.equal(before);
      expect(Object.keys(result.estimatedGas ?? {})).to.deep.equal(
        SYSTEM_CONTRACTS.map((c) => c.name),
      );
      for (const gas of Object.values(result.estimatedGas ?? {}))
        expect(gas > 1_000_000n).to.equal(true);
      expect(lines.at(-1)).to.match(/^dry run: about \d+ gas in total, .* nothing sent$/);
    });

    it("deploys every contract behind a proxy and records it", async function () {
      const result = await deploySystem(deps());
      const record = readDeploymentRecord(recordFile);
      const [deployer] = await connection.ethers.getSigners();

      expect(result.transactionsSent).to.be.greaterThan(0);
      expect(Object.keys(record.contracts)).to.deep.equal(SYSTEM_CONTRACTS.map((c) => c.name));
      expect(record.chainId).to.equal(31337);
      expect(record.genesisHash).to.equal((await connection.ethers.provider.getBlock(0))!.hash);
      expect(record.deployer).to.equal(deployer.address);

      for (const [name, entry] of Object.entries(record.contracts)) {
        const receipt = await connection.ethers.provider.getTransactionReceipt(
          entry.deployTransaction,
        );
        expect(receipt?.contractAddress, name).to.equal(entry.proxy);
        expect(receipt?.blockNumber, name).to.equal(entry.deployBlock);
        expect(await readImplementation(connection.ethers.provider, entry.proxy), name).to.equal(
          entry.implementation.toLowerCase(),
        );
      }
    });

    it("wires the settings and the token into the contracts", async function () {
      const record = readDeploymentRecord(recordFile);
      const [deployer] = await connection.ethers.getSigners();
      const payments = await connection.ethers.getContractAt(
        "KCPayments",
        record.contracts.KCPayments.proxy,
      );
      const escrow = await connection.ethers.getContractAt(
        "KCEscrow",
        record.contracts.KCEscrow.proxy,
      );

      expect(await payments.feeBps()).to.equal(25n);
      expect(await payments.treasury()).to.equal(deployer.address);
      expect(await payments.token()).to.equal(record.contracts.KatyCoin.proxy);
      expect(await escrow.token()).to.equal(record.contracts.KatyCoin.proxy);
      expect(await (await token()).cap()).to.equal(1_000_000_000n * KC);
    });
  });

  describe("when everything is deployed and unchanged", function () {
    it("sends no transaction and says so", async function () {
      const before = await blockNumber();
      const recordBefore = readFileSync(recordFile, "utf8");

      const result = await deploySystem(deps());

      expect(result.transactionsSent).to.equal(0);
      expect(await blockNumber()).to.equal(before);
      expect(readFileSync(recordFile, "utf8")).to.equal(recordBefore);
      expect(lines).to.include("KatyCoin: deployed and unchanged");
      expect(lines.at(-1)).to.equal("nothing to deploy on localhost: no transaction sent");
    });
  });

  describe("when KatyCoin is upgraded to V2", function () {
    let holder: string;

    before(async function () {
      const [deployer, user] = await connection.ethers.getSigners();
      holder = user.address;
      await (await (await token()).connect(deployer).mint(holder, 123n * KC)).wait();
    });

    it("refuses an implementation with an incompatible storage layout, says why and changes nothing", async function () {
      const before = await blockNumber();
      const recordBefore = readFileSync(recordFile, "utf8");

      const attempt = upgradeContract({
        ...deps(),
        contract: "KatyCoin",
        to: "KatyCoinBrokenLayout",
      });

      const error = await rejection(attempt);
      expect(error).to.be.instanceOf(UpgradeRejectedError);
      expect(error.message).to.match(/Inserted `treasury`/);
      expect(await blockNumber()).to.equal(before);
      expect(readFileSync(recordFile, "utf8")).to.equal(recordBefore);
    });

    it("validates and estimates on a dry run, and sends nothing", async function () {
      const before = await blockNumber();

      const result = await upgradeContract({
        ...deps(),
        contract: "KatyCoin",
        to: "KatyCoinV2",
        dryRun: true,
      });

      expect(result.moved).to.equal(false);
      expect(await blockNumber()).to.equal(before);
      expect(lines[0]).to.equal(
        "KatyCoin: KatyCoinV2 is compatible with the deployed implementation",
      );
      expect(lines[1]).to.match(/^dry run: the KatyCoinV2 implementation would use about \d+ gas/);
    });

    it("upgrades, runs the reinitializer and keeps the balances", async function () {
      const previous = readDeploymentRecord(recordFile).contracts.KatyCoin;

      const result = await upgradeContract({
        ...deps(),
        contract: "KatyCoin",
        to: "KatyCoinV2",
        call: { fn: "initializeV2", args: ["kc for everyone"] },
      });
      const entry = readDeploymentRecord(recordFile).contracts.KatyCoin;

      expect(result.moved).to.equal(true);
      expect(await (await token()).motto()).to.equal("kc for everyone");
      expect(await (await token()).balanceOf(holder)).to.equal(123n * KC);
      expect(entry.implementation).to.not.equal(previous.implementation);
      expect(entry.abiHash).to.not.equal(previous.abiHash);
      expect(entry.previousImplementations).to.have.length(1);
      expect(entry.previousImplementations[0]).to.include({
        implementation: previous.implementation,
        abiHash: previous.abiHash,
      });
    });

    it("makes the deploy report KatyCoin as changed instead of redeploying it", async function () {
      const before = await blockNumber();

      await deploySystem(deps());

      expect(await blockNumber()).to.equal(before);
      expect(lines).to.include(
        "KatyCoin changed (the built code differs): run `npm run upgrade -- --network localhost --contract KatyCoin`",
      );
    });

    it("rolls back to the previous implementation and records it", async function () {
      const { previousImplementations } = readDeploymentRecord(recordFile).contracts.KatyCoin;

      const result = await rollbackContract({ ...deps(), contract: "KatyCoin" });
      const entry = readDeploymentRecord(recordFile).contracts.KatyCoin;

      expect(result.moved).to.equal(true);
      expect(entry.implementation).to.equal(previousImplementations[0].implementation);
      expect(entry.previousImplementations).to.deep.equal([]);
      expect(await readImplementation(connection.ethers.provider, entry.proxy)).to.equal(
        entry.implementation.toLowerCase(),
      );
      expect(await (await token()).balanceOf(holder)).to.equal(123n * KC);
      expect(await rejection((await token()).motto())).to.be.instanceOf(Error);
      expect(lines).to.include(
        "KatyCoin: storage namespace erc7201:kc.storage.KatyCoinV2 stays in storage, unused after the rollback",
      );
    });

    it("refuses a rollback with no previous implementation", async function () {
      const error = await rejection(rollbackContract({ ...deps(), contract: "KatyCoin" }));

      expect(error).to.be.instanceOf(UsageError);
      expect(error.message).to.equal(
        "KatyCoin has no previous implementation in the record: nothing to roll back to",
      );
    });
  });

  describe("when the record belongs to a restarted local node", function () {
    it("deploys afresh and replaces the record", async function () {
      const staleFile = join(dir, "stale.json");
      const stale = readDeploymentRecord(recordFile);
      stale.genesisHash = `0x${"11".repeat(32)}`;
      writeDeploymentRecord(staleFile, stale);

      const result = await deploySystem(deps({ recordFile: staleFile }));

      expect(lines[0]).to.equal(`${staleFile} belongs to a restarted local node: deploying afresh`);
      expect(result.transactionsSent).to.be.greaterThan(0);
      expect(readDeploymentRecord(staleFile).genesisHash).to.equal(
        (await connection.ethers.provider.getBlock(0))!.hash,
      );
    });
  });

  describe("when the roles are handed over", function () {
    it("moves every role to the new admin and leaves the deployer none", async function () {
      const [deployer, , , multisig] = await connection.ethers.getSigners();
      const record = readDeploymentRecord(recordFile);

      await handOverRoles({
        deployer,
        record,
        newAdmin: multisig.address,
        log: (line) => lines.push(line),
      });

      for (const [name, entry] of Object.entries(record.contracts)) {
        const contract = await connection.ethers.getContractAt("KatyCoin", entry.proxy);
        expect(await contract.hasRole(ROLES.DEFAULT_ADMIN_ROLE, multisig.address), name).to.equal(
          true,
        );
        expect(await contract.hasRole(ROLES.UPGRADER_ROLE, multisig.address), name).to.equal(true);
        for (const role of Object.values(ROLES)) {
          expect(await contract.hasRole(role, deployer.address), name).to.equal(false);
        }
      }
      expect(await (await token()).hasRole(ROLES.MINTER_ROLE, multisig.address)).to.equal(true);
    });

    it("sends nothing the second time and says it is already done", async function () {
      const [deployer, , , multisig] = await connection.ethers.getSigners();
      const before = await blockNumber();

      const result = await handOverRoles({
        deployer,
        record: readDeploymentRecord(recordFile),
        newAdmin: multisig.address,
        log: (line) => lines.push(line),
      });

      expect(result.transactionsSent).to.equal(0);
      expect(await blockNumber()).to.equal(before);
      expect(lines[0]).to.equal(`KatyCoin: already handed over to ${multisig.address}`);
    });

    it("fails loudly when the roles did not end up with the new admin", async function () {
      const [deployer, , , , stranger] = await connection.ethers.getSigners();

      // The deployer holds nothing any more, so nothing can reach the stranger.
      const error = await rejection(
        handOverRoles({
          deployer,
          record: readDeploymentRecord(recordFile),
          newAdmin: stranger.address,
          log: () => {},
        }),
      );

      expect(error).to.be.instanceOf(HandoverError);
      expect(error.message).to.equal(
        `KatyCoin: role hand-over did not complete: ${stranger.address} lacks DEFAULT_ADMIN_ROLE; ` +
          `${stranger.address} lacks UPGRADER_ROLE`,
      );
    });
  });
});
