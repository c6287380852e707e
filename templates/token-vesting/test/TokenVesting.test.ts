import { expect } from "chai";
import { network } from "hardhat";

import { deployKatyCoin, KC } from "../../../test/helpers/token.ts";
import type { TokenVesting } from "../../../types/typechain/index.ts";
import TokenVestingModule from "../ignition/TokenVesting.ts";

const { ethers, ignition, networkHelpers } = await network.create();

const TOTAL = 1_200n * KC;
const YEAR = 365n * 24n * 3600n;
const CLIFF = YEAR / 4n;

describe("TokenVesting (template)", function () {
  async function deployFixture() {
    const [admin, owner, beneficiary, stranger] = await ethers.getSigners();
    const token = await deployKatyCoin(ethers, admin);
    await token.mint(owner.address, 1_000_000n * KC);

    const { tokenVesting } = await ignition.deploy(TokenVestingModule, {
      parameters: {
        TokenVestingModule: { token: await token.getAddress(), owner: owner.address },
      },
    });
    const address = await tokenVesting.getAddress();
    const vesting = (await ethers.getContractAt("TokenVesting", address)) as TokenVesting;
    await token.connect(owner).approve(address, ethers.MaxUint256);

    return { token, vesting, owner, beneficiary, stranger };
  }

  /** One revocable schedule: a year long with a three-month cliff, starting at the next block. */
  async function scheduledFixture() {
    const fixture = await deployFixture();
    const start = BigInt(await networkHelpers.time.latest()) + 1n;
    await networkHelpers.time.setNextBlockTimestamp(start);
    await fixture.vesting
      .connect(fixture.owner)
      .createSchedule(fixture.beneficiary.address, TOTAL, start, CLIFF, YEAR, true);
    return { ...fixture, start };
  }

  describe("when the owner creates a schedule", function () {
    it("locks the KC and emits ScheduleCreated", async function () {
      const { token, vesting, owner, beneficiary } =
        await networkHelpers.loadFixture(deployFixture);
      const start = 2_000_000_000n;

      await expect(
        vesting
          .connect(owner)
          .createSchedule(beneficiary.address, TOTAL, start, CLIFF, YEAR, false),
      )
        .to.emit(vesting, "ScheduleCreated")
        .withArgs(0n, beneficiary.address, TOTAL, start, CLIFF, YEAR, false);

      const stored = await vesting.schedule(0n);
      expect(stored.beneficiary).to.equal(beneficiary.address);
      expect(stored.total).to.equal(TOTAL);
      expect(stored.revocable).to.equal(false);
      expect(await vesting.scheduleCount()).to.equal(1n);
      expect(await vesting.totalOwed()).to.equal(TOTAL);
      expect(await token.balanceOf(await vesting.getAddress())).to.equal(TOTAL);
    });

    it("refuses a zero beneficiary, a zero total and impossible durations", async function () {
      const { vesting, owner, beneficiary } = await networkHelpers.loadFixture(deployFixture);
      const create = vesting.connect(owner).createSchedule;

      await expect(create(ethers.ZeroAddress, TOTAL, 0n, 0n, YEAR, false))
        .to.be.revertedWithCustomError(vesting, "TokenVestingZeroAddress")
        .withArgs("beneficiary");
      await expect(
        create(beneficiary.address, 0n, 0n, 0n, YEAR, false),
      ).to.be.revertedWithCustomError(vesting, "TokenVestingZeroAmount");
      await expect(create(beneficiary.address, TOTAL, 0n, 0n, 0n, false))
        .to.be.revertedWithCustomError(vesting, "TokenVestingInvalidDurations")
        .withArgs(0n, 0n);
      await expect(create(beneficiary.address, TOTAL, 0n, YEAR + 1n, YEAR, false))
        .to.be.revertedWithCustomError(vesting, "TokenVestingInvalidDurations")
        .withArgs(YEAR + 1n, YEAR);
    });

    it("refuses anyone but the owner", async function () {
      const { vesting, stranger } = await networkHelpers.loadFixture(deployFixture);

      await expect(
        vesting.connect(stranger).createSchedule(stranger.address, TOTAL, 0n, 0n, YEAR, false),
      )
        .to.be.revertedWithCustomError(vesting, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
    });

    it("refuses a zero token at deployment", async function () {
      const { vesting, owner } = await networkHelpers.loadFixture(deployFixture);

      await expect(ethers.deployContract("TokenVesting", [ethers.ZeroAddress, owner.address]))
        .to.be.revertedWithCustomError(vesting, "TokenVestingZeroAddress")
        .withArgs("token");
    });
  });

  describe("when time passes", function () {
    it("vests nothing before the cliff, then linearly from the start, then everything", async function () {
      const { vesting, start } = await networkHelpers.loadFixture(scheduledFixture);

      expect(await vesting.vestedAmount(0n, start + CLIFF - 1n)).to.equal(0n);
      expect(await vesting.vestedAmount(0n, start + CLIFF)).to.equal(TOTAL / 4n);
      expect(await vesting.vestedAmount(0n, start + YEAR / 2n)).to.equal(TOTAL / 2n);
      expect(await vesting.vestedAmount(0n, start + YEAR - 1n)).to.equal(
        (TOTAL * (YEAR - 1n)) / YEAR,
      );
      expect(await vesting.vestedAmount(0n, start + YEAR)).to.equal(TOTAL);
      expect(await vesting.vestedAmount(0n, start + 10n * YEAR)).to.equal(TOTAL);
    });

    it("refuses a release before the cliff", async function () {
      const { vesting, stranger } = await networkHelpers.loadFixture(scheduledFixture);

      await expect(vesting.connect(stranger).release(0n))
        .to.be.revertedWithCustomError(vesting, "TokenVestingNothingToRelease")
        .withArgs(0n);
    });

    it("releases what vested to the beneficiary, whoever calls", async function () {
      const { token, vesting, beneficiary, stranger, start } =
        await networkHelpers.loadFixture(scheduledFixture);
      await networkHelpers.time.setNextBlockTimestamp(start + YEAR / 2n);

      await expect(vesting.connect(stranger).release(0n))
        .to.emit(vesting, "TokensReleased")
        .withArgs(0n, beneficiary.address, TOTAL / 2n, TOTAL / 2n);
      expect(await token.balanceOf(beneficiary.address)).to.equal(TOTAL / 2n);
      expect(await vesting.releasable(0n)).to.equal(0n);

      await networkHelpers.time.setNextBlockTimestamp(start + 2n * YEAR);
      await expect(vesting.connect(beneficiary).release(0n))
        .to.emit(vesting, "TokensReleased")
        .withArgs(0n, beneficiary.address, TOTAL / 2n, TOTAL);
      expect(await vesting.totalOwed()).to.equal(0n);

      await expect(vesting.release(0n))
        .to.be.revertedWithCustomError(vesting, "TokenVestingNothingToRelease")
        .withArgs(0n);
    });

    it("refuses an unknown schedule", async function () {
      const { vesting } = await networkHelpers.loadFixture(scheduledFixture);

      await expect(vesting.release(1n))
        .to.be.revertedWithCustomError(vesting, "TokenVestingUnknownSchedule")
        .withArgs(1n);
      await expect(vesting.schedule(7n))
        .to.be.revertedWithCustomError(vesting, "TokenVestingUnknownSchedule")
        .withArgs(7n);
    });
  });

  describe("when the owner revokes", function () {
    it("returns the unvested part and leaves the vested part releasable", async function () {
      const { token, vesting, owner, beneficiary, start } =
        await networkHelpers.loadFixture(scheduledFixture);
      const ownerBefore = await token.balanceOf(owner.address);
      await networkHelpers.time.setNextBlockTimestamp(start + YEAR / 2n);

      await expect(vesting.connect(owner).revoke(0n))
        .to.emit(vesting, "ScheduleRevoked")
        .withArgs(0n, TOTAL / 2n, TOTAL / 2n);
      expect(await token.balanceOf(owner.address)).to.equal(ownerBefore + TOTAL / 2n);
      expect(await vesting.vestedAmount(0n, start + 2n * YEAR)).to.equal(TOTAL / 2n);

      await networkHelpers.time.setNextBlockTimestamp(start + 2n * YEAR);
      await expect(vesting.release(0n))
        .to.emit(vesting, "TokensReleased")
        .withArgs(0n, beneficiary.address, TOTAL / 2n, TOTAL / 2n);
      expect(await vesting.totalOwed()).to.equal(0n);
      expect(await token.balanceOf(await vesting.getAddress())).to.equal(0n);
    });

    it("returns everything when revoked before the cliff", async function () {
      const { vesting, owner } = await networkHelpers.loadFixture(scheduledFixture);

      await expect(vesting.connect(owner).revoke(0n))
        .to.emit(vesting, "ScheduleRevoked")
        .withArgs(0n, 0n, TOTAL);
      await expect(vesting.release(0n))
        .to.be.revertedWithCustomError(vesting, "TokenVestingNothingToRelease")
        .withArgs(0n);
    });

    it("refuses to revoke twice, an irrevocable schedule, or for anyone but the owner", async function () {
      const { vesting, owner, beneficiary, stranger } =
        await networkHelpers.loadFixture(scheduledFixture);
      await vesting.connect(owner).createSchedule(beneficiary.address, TOTAL, 0n, 0n, YEAR, false);

      await expect(vesting.connect(stranger).revoke(0n))
        .to.be.revertedWithCustomError(vesting, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
      await expect(vesting.connect(owner).revoke(1n))
        .to.be.revertedWithCustomError(vesting, "TokenVestingNotRevocable")
        .withArgs(1n);
      await vesting.connect(owner).revoke(0n);
      await expect(vesting.connect(owner).revoke(0n))
        .to.be.revertedWithCustomError(vesting, "TokenVestingAlreadyRevoked")
        .withArgs(0n);
    });
  });
});
