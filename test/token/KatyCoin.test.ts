import { expect } from "chai";
import hre from "hardhat";
import { upgrades } from "@openzeppelin/hardhat-upgrades";
import { ZeroAddress, id } from "ethers";

import type { KatyCoin, KatyCoinV2 } from "../../types/typechain/index.ts";
import { signPermit } from "../helpers/permit.ts";
import { DEFAULT_CAP, KC, deployKatyCoin } from "../helpers/token.ts";
import { type ERC20Context, shouldBehaveLikeERC20 } from "./ERC20.behavior.ts";

const connection = await hre.network.create();
const { ethers, networkHelpers } = connection;
const upgradesApi = await upgrades(hre, connection);

const MINTER_ROLE = id("MINTER_ROLE");
const PAUSER_ROLE = id("PAUSER_ROLE");
const UPGRADER_ROLE = id("UPGRADER_ROLE");
const DEFAULT_ADMIN_ROLE = ethers.ZeroHash;

const INITIAL_BALANCE = 1_000n * KC;

async function deployV1Fixture() {
  const [admin, holder, recipient, spender, stranger] = await ethers.getSigners();
  const token = await deployKatyCoin(ethers, admin);
  await token.mint(holder, INITIAL_BALANCE);

  return { token, admin, holder, recipient, spender, stranger };
}

/** KC deployed through the upgrades plugin, used, then upgraded to V2. */
async function deployUpgradedFixture() {
  const [admin, holder, recipient, spender, stranger] = await ethers.getSigners();
  const KatyCoinFactory = await ethers.getContractFactory("KatyCoin", admin);
  const proxy = await upgradesApi.deployProxy(KatyCoinFactory, [admin.address, DEFAULT_CAP], {
    kind: "uups",
  });
  const token = proxy as unknown as KatyCoin;
  await token.mint(holder, INITIAL_BALANCE);

  const V2Factory = await ethers.getContractFactory("KatyCoinV2", admin);
  const upgraded = await upgradesApi.upgradeProxy(await token.getAddress(), V2Factory, {
    call: { fn: "initializeV2", args: ["Pay it forward"] },
  });

  return {
    token: upgraded as unknown as KatyCoinV2,
    admin,
    holder,
    recipient,
    spender,
    stranger,
  };
}

async function asERC20Context(load: typeof deployV1Fixture): Promise<ERC20Context> {
  const { token, holder, recipient, spender } = await networkHelpers.loadFixture(load);
  return { token, holder, recipient, spender, initialBalance: INITIAL_BALANCE };
}

async function latestTimestamp(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest());
}

describe("KatyCoin", function () {
  describe("as deployed", function () {
    shouldBehaveLikeERC20(
      () => asERC20Context(deployV1Fixture),
      () => ethers,
    );
  });

  describe("after an upgrade to V2", function () {
    shouldBehaveLikeERC20(
      () => asERC20Context(deployUpgradedFixture),
      () => ethers,
    );
  });

  describe("initialisation", function () {
    it("grants every role to the admin and sets the cap", async function () {
      const { token, admin } = await networkHelpers.loadFixture(deployV1Fixture);

      for (const role of [DEFAULT_ADMIN_ROLE, MINTER_ROLE, PAUSER_ROLE, UPGRADER_ROLE]) {
        expect(await token.hasRole(role, admin)).to.equal(true);
      }
      expect(await token.cap()).to.equal(DEFAULT_CAP);
      expect(await token.initialCap()).to.equal(DEFAULT_CAP);
    });

    it("emits SupplyCapUpdated from zero to the initial cap", async function () {
      const [admin] = await ethers.getSigners();
      const token = await deployKatyCoin(ethers, admin, 5n * KC);
      const deployBlock = await ethers.provider.getBlockNumber();

      const events = await token.queryFilter(
        token.filters.SupplyCapUpdated(),
        deployBlock,
        deployBlock,
      );
      expect(events.map((e) => [e.args.previousCap, e.args.newCap])).to.deep.equal([[0n, 5n * KC]]);
    });

    it("refuses a zero admin", async function () {
      const [deployer] = await ethers.getSigners();
      const implementation = await ethers.deployContract("KatyCoin");
      const init = implementation.interface.encodeFunctionData("initialize", [ZeroAddress, 1n]);

      const deploying = ethers.deployContract(
        "ERC1967Proxy",
        [await implementation.getAddress(), init],
        deployer,
      );

      await expect(deploying)
        .to.be.revertedWithCustomError(implementation, "KatyCoinZeroAddress")
        .withArgs("admin");
    });

    it("refuses a second initialisation through the proxy", async function () {
      const { token, stranger } = await networkHelpers.loadFixture(deployV1Fixture);

      await expect(token.connect(stranger).initialize(stranger, 1n)).to.be.revertedWithCustomError(
        token,
        "InvalidInitialization",
      );
    });

    it("refuses any initialisation of the implementation itself", async function () {
      const [, , , , stranger] = await ethers.getSigners();
      const implementation = await ethers.deployContract("KatyCoin");

      await expect(
        implementation.connect(stranger).initialize(stranger, 1n),
      ).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
    });
  });

  describe("roles", function () {
    const privilegedCalls: Array<{
      name: string;
      role: string;
      call: (token: KatyCoin, caller: string) => Promise<unknown>;
    }> = [
      { name: "mint", role: MINTER_ROLE, call: (t, c) => t.mint(c, 1n) },
      { name: "pause", role: PAUSER_ROLE, call: (t) => t.pause() },
      { name: "unpause", role: PAUSER_ROLE, call: (t) => t.unpause() },
      { name: "setCap", role: DEFAULT_ADMIN_ROLE, call: (t) => t.setCap(DEFAULT_CAP - 1n) },
      {
        name: "grantRole",
        role: DEFAULT_ADMIN_ROLE,
        call: (t, c) => t.grantRole(MINTER_ROLE, c),
      },
      {
        name: "revokeRole",
        role: DEFAULT_ADMIN_ROLE,
        call: (t, c) => t.revokeRole(MINTER_ROLE, c),
      },
      {
        name: "upgradeToAndCall",
        role: UPGRADER_ROLE,
        call: async (t) => t.upgradeToAndCall(await t.getAddress(), "0x"),
      },
    ];

    for (const { name, role, call } of privilegedCalls) {
      it(`refuses ${name} to every account without the role`, async function () {
        const { token } = await networkHelpers.loadFixture(deployV1Fixture);
        const [, ...others] = await ethers.getSigners();

        for (const other of others.slice(0, 8)) {
          await expect(call(token.connect(other), other.address))
            .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
            .withArgs(other.address, role);
        }
      });
    }

    it("lets a granted minter mint and a revoked one no longer", async function () {
      const { token, stranger, recipient } = await networkHelpers.loadFixture(deployV1Fixture);

      await token.grantRole(MINTER_ROLE, stranger);
      await token.connect(stranger).mint(recipient, KC);
      await token.revokeRole(MINTER_ROLE, stranger);

      expect(await token.balanceOf(recipient)).to.equal(KC);
      await expect(token.connect(stranger).mint(recipient, KC))
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, MINTER_ROLE);
    });
  });

  describe("supply cap", function () {
    async function smallCapFixture() {
      const [admin, holder] = await ethers.getSigners();
      const token = await deployKatyCoin(ethers, admin, 100n * KC);
      return { token, admin, holder };
    }

    it("mints up to the cap exactly", async function () {
      const { token, holder } = await networkHelpers.loadFixture(smallCapFixture);

      await token.mint(holder, 100n * KC);

      expect(await token.totalSupply()).to.equal(100n * KC);
    });

    it("refuses a mint past the cap, naming the supply it would reach", async function () {
      const { token, holder } = await networkHelpers.loadFixture(smallCapFixture);
      await token.mint(holder, 60n * KC);

      await expect(token.mint(holder, 41n * KC))
        .to.be.revertedWithCustomError(token, "KatyCoinCapExceeded")
        .withArgs(101n * KC, 100n * KC);
    });

    it("lowers the cap and emits SupplyCapUpdated", async function () {
      const { token } = await networkHelpers.loadFixture(smallCapFixture);

      await expect(token.setCap(40n * KC))
        .to.emit(token, "SupplyCapUpdated")
        .withArgs(100n * KC, 40n * KC);

      expect(await token.cap()).to.equal(40n * KC);
    });

    it("raises a lowered cap back, but never above the initial cap", async function () {
      const { token } = await networkHelpers.loadFixture(smallCapFixture);
      await token.setCap(40n * KC);

      await token.setCap(100n * KC);

      await expect(token.setCap(100n * KC + 1n))
        .to.be.revertedWithCustomError(token, "KatyCoinInvalidCap")
        .withArgs(100n * KC + 1n, 0n, 100n * KC);
    });

    it("refuses a cap below the current supply", async function () {
      const { token, holder } = await networkHelpers.loadFixture(smallCapFixture);
      await token.mint(holder, 30n * KC);

      await expect(token.setCap(30n * KC - 1n))
        .to.be.revertedWithCustomError(token, "KatyCoinInvalidCap")
        .withArgs(30n * KC - 1n, 30n * KC, 100n * KC);
    });
  });

  describe("pause", function () {
    async function pausedFixture() {
      const base = await deployV1Fixture();
      await base.token.connect(base.holder).approve(base.spender, 10n * KC);
      await base.token.pause();
      return base;
    }

    it("emits Paused and Unpaused with the pauser", async function () {
      const { token, admin } = await networkHelpers.loadFixture(deployV1Fixture);

      await expect(token.pause()).to.emit(token, "Paused").withArgs(admin.address);
      await expect(token.unpause()).to.emit(token, "Unpaused").withArgs(admin.address);
    });

    it("refuses transfer, transferFrom, mint, burn and burnFrom while paused", async function () {
      const { token, holder, spender, recipient } = await networkHelpers.loadFixture(pausedFixture);

      const moves = [
        () => token.connect(holder).transfer(recipient, 1n),
        () => token.connect(spender).transferFrom(holder, recipient, 1n),
        () => token.mint(recipient, 1n),
        () => token.connect(holder).burn(1n),
        () => token.connect(spender).burnFrom(holder, 1n),
      ];
      for (const move of moves) {
        await expect(move()).to.be.revertedWithCustomError(token, "EnforcedPause");
      }
    });

    it("still accepts approvals while paused", async function () {
      const { token, holder, recipient } = await networkHelpers.loadFixture(pausedFixture);

      await token.connect(holder).approve(recipient, 3n);

      expect(await token.allowance(holder, recipient)).to.equal(3n);
    });

    it("lets tokens move again after unpause", async function () {
      const { token, holder, recipient } = await networkHelpers.loadFixture(pausedFixture);

      await token.unpause();
      await token.connect(holder).transfer(recipient, 1n);

      expect(await token.balanceOf(recipient)).to.equal(1n);
    });

    it("refuses to pause twice", async function () {
      const { token } = await networkHelpers.loadFixture(pausedFixture);

      await expect(token.pause()).to.be.revertedWithCustomError(token, "EnforcedPause");
    });
  });

  describe("permit", function () {
    async function permitFixture() {
      const base = await deployV1Fixture();
      const deadline = (await latestTimestamp()) + 3600n;
      return { ...base, deadline };
    }

    it("sets the allowance from a valid signature and uses one nonce", async function () {
      const { token, holder, spender, deadline } = await networkHelpers.loadFixture(permitFixture);
      const sig = await signPermit({
        token,
        signer: holder,
        owner: holder.address,
        spender: spender.address,
        value: 9n,
        deadline,
      });

      await expect(token.permit(holder, spender, 9n, deadline, sig.v, sig.r, sig.s))
        .to.emit(token, "Approval")
        .withArgs(holder.address, spender.address, 9n);

      expect(await token.allowance(holder, spender)).to.equal(9n);
      expect(await token.nonces(holder)).to.equal(1n);
    });

    it("refuses an expired signature, naming the deadline", async function () {
      const { token, holder, spender } = await networkHelpers.loadFixture(permitFixture);
      const deadline = (await latestTimestamp()) + 10n;
      const sig = await signPermit({
        token,
        signer: holder,
        owner: holder.address,
        spender: spender.address,
        value: 9n,
        deadline,
      });
      await networkHelpers.time.increaseTo(deadline + 1n);

      await expect(token.permit(holder, spender, 9n, deadline, sig.v, sig.r, sig.s))
        .to.be.revertedWithCustomError(token, "ERC2612ExpiredSignature")
        .withArgs(deadline);
    });

    it("refuses a replayed signature", async function () {
      const { token, holder, spender, deadline } = await networkHelpers.loadFixture(permitFixture);
      const request = {
        token,
        signer: holder,
        owner: holder.address,
        spender: spender.address,
        value: 9n,
        deadline,
      };
      const sig = await signPermit(request);
      await token.permit(holder, spender, 9n, deadline, sig.v, sig.r, sig.s);

      // With the nonce spent, the same signature recovers to some other
      // address; the error names it and the owner.
      const replay = token.permit(holder, spender, 9n, deadline, sig.v, sig.r, sig.s);

      await expect(replay).to.be.revertedWithCustomError(token, "ERC2612InvalidSigner");
      expect(await token.nonces(holder)).to.equal(1n);
    });

    it("refuses a signature by someone other than the owner", async function () {
      const { token, holder, spender, stranger, deadline } =
        await networkHelpers.loadFixture(permitFixture);
      const sig = await signPermit({
        token,
        signer: stranger,
        owner: holder.address,
        spender: spender.address,
        value: 9n,
        deadline,
      });

      await expect(token.permit(holder, spender, 9n, deadline, sig.v, sig.r, sig.s))
        .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
        .withArgs(stranger.address, holder.address);
    });
  });

  describe("upgrades", function () {
    async function usedTokenFixture() {
      const [admin, holder, recipient, spender, stranger] = await ethers.getSigners();
      const factory = await ethers.getContractFactory("KatyCoin", admin);
      const proxy = await upgradesApi.deployProxy(factory, [admin.address, DEFAULT_CAP], {
        kind: "uups",
      });
      const token = proxy as unknown as KatyCoin;

      await token.mint(holder, INITIAL_BALANCE);
      await token.connect(holder).transfer(recipient, 11n * KC);
      await token.connect(holder).approve(spender, 22n * KC);
      await token.grantRole(MINTER_ROLE, stranger);
      await token.setCap(DEFAULT_CAP - 1n);
      const sig = await signPermit({
        token,
        signer: holder,
        owner: holder.address,
        spender: recipient.address,
        value: 33n,
        deadline: (await latestTimestamp()) + 3600n,
      });
      await token.permit(
        holder,
        recipient,
        33n,
        (await latestTimestamp()) + 3599n + 1n,
        sig.v,
        sig.r,
        sig.s,
      );

      return { token, admin, holder, recipient, spender, stranger };
    }

    it("keeps every balance, allowance, role, nonce and the cap", async function () {
      const { token, admin, holder, recipient, spender, stranger } =
        await networkHelpers.loadFixture(usedTokenFixture);
      const before = {
        supply: await token.totalSupply(),
        holder: await token.balanceOf(holder),
        recipient: await token.balanceOf(recipient),
        allowance: await token.allowance(holder, spender),
        permitAllowance: await token.allowance(holder, recipient),
        nonce: await token.nonces(holder),
        cap: await token.cap(),
      };

      const V2 = await ethers.getContractFactory("KatyCoinV2", admin);
      const upgraded = (await upgradesApi.upgradeProxy(await token.getAddress(), V2, {
        call: { fn: "initializeV2", args: ["Pay it forward"] },
      })) as unknown as KatyCoinV2;

      expect({
        supply: await upgraded.totalSupply(),
        holder: await upgraded.balanceOf(holder),
        recipient: await upgraded.balanceOf(recipient),
        allowance: await upgraded.allowance(holder, spender),
        permitAllowance: await upgraded.allowance(holder, recipient),
        nonce: await upgraded.nonces(holder),
        cap: await upgraded.cap(),
      }).to.deep.equal(before);
      expect(before.nonce).to.equal(1n);
      expect(await upgraded.hasRole(MINTER_ROLE, stranger)).to.equal(true);
      expect(await upgraded.hasRole(UPGRADER_ROLE, admin)).to.equal(true);
      expect(await upgraded.motto()).to.equal("Pay it forward");
    });

    it("emits Upgraded with the new implementation", async function () {
      const { token } = await networkHelpers.loadFixture(usedTokenFixture);
      const v2 = await ethers.deployContract("KatyCoinV2");

      await expect(token.upgradeToAndCall(v2, "0x"))
        .to.emit(token, "Upgraded")
        .withArgs(await v2.getAddress());
    });

    it("runs the V2 initializer only once", async function () {
      const { token, admin } = await networkHelpers.loadFixture(usedTokenFixture);
      const V2 = await ethers.getContractFactory("KatyCoinV2", admin);
      const upgraded = (await upgradesApi.upgradeProxy(await token.getAddress(), V2, {
        call: { fn: "initializeV2", args: ["first"] },
      })) as unknown as KatyCoinV2;

      await expect(upgraded.initializeV2("second")).to.be.revertedWithCustomError(
        upgraded,
        "InvalidInitialization",
      );
    });

    it("refuses an upgrade by an account without the upgrader role", async function () {
      const { token, stranger } = await networkHelpers.loadFixture(usedTokenFixture);
      const v2 = await ethers.deployContract("KatyCoinV2");
      const implementationBefore = await upgradesApi.erc1967.getImplementationAddress(
        await token.getAddress(),
      );

      await expect(token.connect(stranger).upgradeToAndCall(v2, "0x"))
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, UPGRADER_ROLE);

      expect(await upgradesApi.erc1967.getImplementationAddress(await token.getAddress())).to.equal(
        implementationBefore,
      );
    });

    it("lets only the admin set the V2 field", async function () {
      const { token, admin, stranger } = await networkHelpers.loadFixture(usedTokenFixture);
      const V2 = await ethers.getContractFactory("KatyCoinV2", admin);
      const upgraded = (await upgradesApi.upgradeProxy(
        await token.getAddress(),
        V2,
      )) as unknown as KatyCoinV2;

      await expect(upgraded.setMotto("new")).to.emit(upgraded, "MottoUpdated").withArgs("new");
      await expect(upgraded.connect(stranger).setMotto("nope"))
        .to.be.revertedWithCustomError(upgraded, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, DEFAULT_ADMIN_ROLE);
    });
  });
});
