// What every payment contract shares, run against each of the four: the
// initialiser and its refusals, roles, pausing, the ERC-7201 slots, the
// recovery of tokens sent to the contract by mistake, and UUPS upgrades
// behind the proxy. Each contract's test file calls
// `shouldBehaveLikeKCPaymentBase` with how to deploy it and how to give it
// some state.
import { expect } from "chai";
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import type { ContractFactory } from "ethers";
import { ZeroAddress, id, zeroPadValue } from "ethers";

import { erc7201Slot } from "../../scripts/erc7201.ts";
import type { KatyCoin } from "../../types/typechain/index.ts";
import { KC, deployKatyCoin } from "../helpers/token.ts";
import { deployBehindProxy } from "./fixtures.ts";

export const DEFAULT_ADMIN_ROLE = "0x" + "00".repeat(32);
export const PAUSER_ROLE = id("PAUSER_ROLE");
export const UPGRADER_ROLE = id("UPGRADER_ROLE");

/** The slice of the upgrades plugin's API these tests use. */
export interface UpgradesApi {
  deployProxy(factory: ContractFactory, args: unknown[], opts: { kind: "uups" }): Promise<any>;
  upgradeProxy(proxy: string, factory: ContractFactory): Promise<any>;
}

export interface BaseContext {
  /** The contract's name; its V2 mock is `${name}V2`. */
  name: string;
  /** The domain prefix of its errors, e.g. "KCEscrow". */
  errorPrefix: string;
  ethers: HardhatEthers;
  networkHelpers: NetworkHelpers;
  upgrades: UpgradesApi;
  /** `initialize`'s arguments for a token and an admin. */
  initArgs(token: string, admin: string): unknown[];
  /** Gives a freshly deployed contract some state, using the funded `actor`. */
  seed(contract: any, kc: KatyCoin, actor: HardhatEthersSigner): Promise<void>;
  /** Reads the state `seed` created, to compare before and after an upgrade. */
  readState(contract: any): Promise<unknown>;
  /** The word `seed` leaves at offset 0 of the contract's own ERC-7201 namespace. */
  ownSlotWord(contract: any): Promise<bigint>;
  /** Calls that move KC and must refuse while paused, each started only when called. */
  pausedCalls(contract: any, actor: HardhatEthersSigner): (() => Promise<unknown>)[];
}

export function shouldBehaveLikeKCPaymentBase(context: () => BaseContext): void {
  async function fixture() {
    const { ethers, name, initArgs } = context();
    const [admin, actor, stranger] = await ethers.getSigners();
    const kc = await deployKatyCoin(ethers, admin);
    const contract: any = await deployBehindProxy(
      ethers,
      name,
      initArgs(await kc.getAddress(), admin.address),
      admin,
    );
    await (await kc.mint(actor, 1_000_000n * KC)).wait();

    return { kc, contract, admin, actor, stranger };
  }

  async function load() {
    return context().networkHelpers.loadFixture(fixture);
  }

  describe("initialisation", function () {
    it("sets the token and gives the admin every role", async function () {
      const { kc, contract, admin } = await load();

      expect(await contract.token()).to.equal(await kc.getAddress());
      for (const role of [DEFAULT_ADMIN_ROLE, PAUSER_ROLE, UPGRADER_ROLE]) {
        expect(await contract.hasRole(role, admin)).to.equal(true);
      }
      expect(await contract.PAUSER_ROLE()).to.equal(PAUSER_ROLE);
      expect(await contract.UPGRADER_ROLE()).to.equal(UPGRADER_ROLE);
      expect(await contract.paused()).to.equal(false);
    });

    it("refuses a second initialisation through the proxy", async function () {
      const { kc, contract, stranger } = await load();
      const { initArgs } = context();

      await expect(
        contract.connect(stranger).initialize(...initArgs(await kc.getAddress(), stranger.address)),
      ).to.be.revertedWithCustomError(contract, "InvalidInitialization");
    });

    it("refuses to initialise the implementation itself", async function () {
      const { ethers, name, initArgs } = context();
      const { kc, stranger } = await load();
      const implementation: any = await ethers.deployContract(name);

      await expect(
        implementation
          .connect(stranger)
          .initialize(...initArgs(await kc.getAddress(), stranger.address)),
      ).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
    });

    for (const parameter of ["token", "admin"]) {
      it(`refuses a zero ${parameter}`, async function () {
        const { ethers, name, initArgs, errorPrefix } = context();
        const { kc, admin } = await load();
        const args =
          parameter === "token"
            ? initArgs(ZeroAddress, admin.address)
            : initArgs(await kc.getAddress(), ZeroAddress);

        await expect(deployBehindProxy(ethers, name, args, admin))
          .to.be.revertedWithCustomError(
            await ethers.getContractFactory(name),
            `${errorPrefix}ZeroAddress`,
          )
          .withArgs(parameter);
      });
    }
  });

  describe("storage", function () {
    it("keeps the token in the shared ERC-7201 namespace", async function () {
      const { contract, kc } = await load();
      const { ethers } = context();

      const word = await ethers.provider.getStorage(
        await contract.getAddress(),
        erc7201Slot("kc.storage.KCPaymentBase"),
      );
      expect(word).to.equal(zeroPadValue(await kc.getAddress(), 32).toLowerCase());
    });

    it("keeps the pause flag in the token's slot, so a payment reads one cold slot", async function () {
      const { contract, kc, admin } = await load();
      const { ethers } = context();
      await contract.connect(admin).pause();

      const word = BigInt(
        await ethers.provider.getStorage(
          await contract.getAddress(),
          erc7201Slot("kc.storage.KCPaymentBase"),
        ),
      );
      // The address fills the low 20 bytes; the flag is the next byte.
      expect(word).to.equal((1n << 160n) | BigInt(await kc.getAddress()));
    });

    it("keeps its own state in its ERC-7201 namespace", async function () {
      const { contract, kc, actor } = await load();
      const { ethers, name, seed, ownSlotWord } = context();
      await seed(contract, kc, actor);

      const word = await ethers.provider.getStorage(
        await contract.getAddress(),
        erc7201Slot(`kc.storage.${name}`),
      );
      expect(BigInt(word)).to.equal(await ownSlotWord(contract));
    });
  });

  describe("pausing", function () {
    it("lets the pauser pause and unpause, with events", async function () {
      const { contract, admin } = await load();

      await expect(contract.connect(admin).pause())
        .to.emit(contract, "Paused")
        .withArgs(admin.address);
      expect(await contract.paused()).to.equal(true);

      await expect(contract.connect(admin).unpause())
        .to.emit(contract, "Unpaused")
        .withArgs(admin.address);
      expect(await contract.paused()).to.equal(false);
    });

    it("refuses pause and unpause from an account without the pauser role", async function () {
      const { contract, admin, stranger } = await load();

      await expect(contract.connect(stranger).pause())
        .to.be.revertedWithCustomError(contract, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, PAUSER_ROLE);

      await contract.connect(admin).pause();
      await expect(contract.connect(stranger).unpause())
        .to.be.revertedWithCustomError(contract, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, PAUSER_ROLE);
    });

    it("refuses to pause twice or unpause when running", async function () {
      const { contract, admin } = await load();

      await expect(contract.connect(admin).unpause()).to.be.revertedWithCustomError(
        contract,
        "ExpectedPause",
      );
      await contract.connect(admin).pause();
      await expect(contract.connect(admin).pause()).to.be.revertedWithCustomError(
        contract,
        "EnforcedPause",
      );
    });

    it("refuses every call that moves KC while paused", async function () {
      const { contract, admin, actor } = await load();
      await contract.connect(admin).pause();

      for (const call of context().pausedCalls(contract, actor)) {
        await expect(call()).to.be.revertedWithCustomError(contract, "EnforcedPause");
      }
    });
  });

  describe("recovering tokens sent to the contract by mistake", function () {
    const STRAY = 25n * KC;

    // The contract after `seed` (the escrow then holds KC of its own), with
    // STRAY KC sent to its address by a plain transfer.
    async function withStrayKC() {
      const loaded = await load();
      const { kc, contract, actor } = loaded;
      await context().seed(contract, kc, actor);
      await (await kc.connect(actor).transfer(contract, STRAY)).wait();

      return loaded;
    }

    it("offers exactly the KC that no record holds", async function () {
      const { kc, contract } = await withStrayKC();

      expect(await contract.recoverable(kc)).to.equal(STRAY);
    });

    it("sends the stray KC back, with an event", async function () {
      const { kc, contract, admin, actor } = await withStrayKC();
      const held = (await kc.balanceOf(contract)) - STRAY;

      const tx = contract.connect(admin).recoverTokens(kc, actor, STRAY);
      await expect(tx)
        .to.emit(contract, "TokensRecovered")
        .withArgs(await kc.getAddress(), actor.address, STRAY, admin.address);
      await expect(tx).to.changeTokenBalances(
        context().ethers,
        kc,
        [contract, actor],
        [-STRAY, STRAY],
      );

      expect(await kc.balanceOf(contract)).to.equal(held);
      expect(await contract.recoverable(kc)).to.equal(0n);
    });

    it("refuses more KC than the stray amount, naming what is recoverable", async function () {
      const { kc, contract, admin, actor } = await withStrayKC();

      await expect(contract.connect(admin).recoverTokens(kc, actor, STRAY + 1n))
        .to.be.revertedWithCustomError(contract, "KCRecoveryUnavailable")
        .withArgs(await kc.getAddress(), STRAY + 1n, STRAY);
    });

    it("recovers the whole balance of another token", async function () {
      const { contract, admin, actor } = await load();
      const other = await deployKatyCoin(context().ethers, admin);
      await (await other.mint(contract, 3n * KC)).wait();

      expect(await contract.recoverable(other)).to.equal(3n * KC);
      await expect(contract.connect(admin).recoverTokens(other, actor, 3n * KC))
        .to.emit(contract, "TokensRecovered")
        .withArgs(await other.getAddress(), actor.address, 3n * KC, admin.address);
      expect(await other.balanceOf(actor)).to.equal(3n * KC);
    });

    it("refuses a zero recipient and a zero amount", async function () {
      const { kc, contract, admin, actor } = await withStrayKC();

      await expect(
        contract.connect(admin).recoverTokens(kc, ZeroAddress, STRAY),
      ).to.be.revertedWithCustomError(contract, "KCRecoveryZeroRecipient");
      await expect(
        contract.connect(admin).recoverTokens(kc, actor, 0n),
      ).to.be.revertedWithCustomError(contract, "KCRecoveryZeroAmount");
    });

    it("refuses an account without the admin role", async function () {
      const { kc, contract, stranger } = await withStrayKC();

      await expect(contract.connect(stranger).recoverTokens(kc, stranger, STRAY))
        .to.be.revertedWithCustomError(contract, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, DEFAULT_ADMIN_ROLE);
    });

    it("refuses while paused", async function () {
      const { kc, contract, admin, actor } = await withStrayKC();
      await contract.connect(admin).pause();

      await expect(
        contract.connect(admin).recoverTokens(kc, actor, STRAY),
      ).to.be.revertedWithCustomError(contract, "EnforcedPause");
    });
  });

  describe("upgrades", function () {
    async function deployWithPlugin() {
      const { ethers, name, initArgs, upgrades, seed } = context();
      const { kc, admin, actor, stranger } = await load();
      const factory = await ethers.getContractFactory(name, admin);
      const proxy = await upgrades.deployProxy(
        factory,
        initArgs(await kc.getAddress(), admin.address),
        { kind: "uups" },
      );
      const contract: any = await ethers.getContractAt(name, await proxy.getAddress(), admin);
      await seed(contract, kc, actor);

      return { contract, kc, admin, actor, stranger };
    }

    it("keeps state and roles when the upgrader upgrades", async function () {
      const { ethers, name, upgrades, readState } = context();
      const { contract, kc, admin } = await deployWithPlugin();
      const before = await readState(contract);
      const kcBalance = await kc.balanceOf(contract);

      const V2 = await ethers.getContractFactory(`${name}V2`, admin);
      await upgrades.upgradeProxy(await contract.getAddress(), V2);
      const upgraded: any = await ethers.getContractAt(`${name}V2`, await contract.getAddress());

      expect(await upgraded.version()).to.equal(2n);
      expect(await readState(upgraded)).to.deep.equal(before);
      expect(await upgraded.token()).to.equal(await kc.getAddress());
      expect(await upgraded.hasRole(UPGRADER_ROLE, admin)).to.equal(true);
      expect(await kc.balanceOf(upgraded)).to.equal(kcBalance);
    });

    it("refuses an upgrade from an account without the upgrader role", async function () {
      const { ethers, name } = context();
      const { contract, stranger } = await deployWithPlugin();
      const v2 = await ethers.deployContract(`${name}V2`);

      await expect(contract.connect(stranger).upgradeToAndCall(await v2.getAddress(), "0x"))
        .to.be.revertedWithCustomError(contract, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, UPGRADER_ROLE);
    });

    it("lets a new upgrader upgrade once the role is handed over", async function () {
      const { ethers, name } = context();
      const { contract, admin, stranger } = await deployWithPlugin();
      const v2 = await ethers.deployContract(`${name}V2`);
      await contract.connect(admin).grantRole(UPGRADER_ROLE, stranger);
      await contract.connect(admin).renounceRole(UPGRADER_ROLE, admin);

      await expect(contract.connect(admin).upgradeToAndCall(await v2.getAddress(), "0x"))
        .to.be.revertedWithCustomError(contract, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, UPGRADER_ROLE);
      await expect(contract.connect(stranger).upgradeToAndCall(await v2.getAddress(), "0x"))
        .to.emit(contract, "Upgraded")
        .withArgs(await v2.getAddress());
    });
  });
}
