import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";

import { buildAirdropTree, type AirdropEntry } from "../../../scripts/merkle/build-tree.ts";
import { deployKatyCoin, KC } from "../../../test/helpers/token.ts";
import type { MerkleAirdrop } from "../../../types/typechain/index.ts";
import MerkleAirdropModule from "../ignition/MerkleAirdrop.ts";

const { ethers, ignition, networkHelpers } = await network.create();

const THIRTY_DAYS = 30n * 24n * 3600n;

describe("MerkleAirdrop (template)", function () {
  async function deployFixture() {
    const [admin, owner, relayer, ...claimants] = await ethers.getSigners();
    const token = await deployKatyCoin(ethers, admin);
    await token.mint(admin.address, 1_000_000n * KC);

    const entries: AirdropEntry[] = claimants.slice(0, 5).map((signer, index) => ({
      index,
      account: signer.address,
      amount: BigInt(index + 1) * 100n * KC,
      line: index + 1,
    }));
    const tree = buildAirdropTree(entries);
    const claimDeadline = BigInt(await networkHelpers.time.latest()) + THIRTY_DAYS;

    const { merkleAirdrop } = await ignition.deploy(MerkleAirdropModule, {
      parameters: {
        MerkleAirdropModule: {
          token: await token.getAddress(),
          merkleRoot: tree.root,
          claimDeadline,
          owner: owner.address,
          funding: tree.total,
        },
      },
    });
    const address = await merkleAirdrop.getAddress();
    const airdrop = (await ethers.getContractAt("MerkleAirdrop", address)) as MerkleAirdrop;

    return { token, airdrop, tree, claimDeadline, admin, owner, relayer, claimants };
  }

  function claimOf(tree: ReturnType<typeof buildAirdropTree>, account: string) {
    const claim = tree.claims[account];
    if (claim === undefined) throw new Error(`no claim for ${account} in the test tree`);
    return { ...claim, amount: BigInt(claim.amount) };
  }

  describe("when deployed by the Ignition module", function () {
    it("holds the funding and the rules", async function () {
      const { token, airdrop, tree, claimDeadline, owner } =
        await networkHelpers.loadFixture(deployFixture);

      expect(await token.balanceOf(await airdrop.getAddress())).to.equal(BigInt(tree.total));
      expect(await airdrop.merkleRoot()).to.equal(tree.root);
      expect(await airdrop.claimDeadline()).to.equal(claimDeadline);
      expect(await airdrop.owner()).to.equal(owner.address);
    });

    it("refuses a zero token, a zero root and a deadline that has passed", async function () {
      const { token, airdrop, tree, owner } = await networkHelpers.loadFixture(deployFixture);
      const tokenAddress = await token.getAddress();
      const future = BigInt(await networkHelpers.time.latest()) + THIRTY_DAYS;
      const deploy = (args: unknown[]) => ethers.deployContract("MerkleAirdrop", args);

      await expect(deploy([ethers.ZeroAddress, tree.root, future, owner.address]))
        .to.be.revertedWithCustomError(airdrop, "MerkleAirdropZeroAddress")
        .withArgs("token");
      await expect(
        deploy([tokenAddress, ethers.ZeroHash, future, owner.address]),
      ).to.be.revertedWithCustomError(airdrop, "MerkleAirdropZeroRoot");

      const now = BigInt(await networkHelpers.time.latest()) + 1n;
      await networkHelpers.time.setNextBlockTimestamp(now);
      await expect(deploy([tokenAddress, tree.root, now, owner.address]))
        .to.be.revertedWithCustomError(airdrop, "MerkleAirdropDeadlineInPast")
        .withArgs(now, now);
    });
  });

  describe("when a listed account claims", function () {
    it("pays it, marks the index and emits Claimed", async function () {
      const { token, airdrop, tree, claimants } = await networkHelpers.loadFixture(deployFixture);
      const account = claimants[2]!;
      const { index, amount, proof } = claimOf(tree, account.address);

      await expect(airdrop.connect(account).claim(index, account.address, amount, proof))
        .to.emit(airdrop, "Claimed")
        .withArgs(index, account.address, amount);
      expect(await token.balanceOf(account.address)).to.equal(amount);
      expect(await airdrop.isClaimed(index)).to.equal(true);
      expect(await airdrop.totalClaimed()).to.equal(amount);
    });

    it("pays the account, not the relayer who submits the claim", async function () {
      const { token, airdrop, tree, relayer, claimants } =
        await networkHelpers.loadFixture(deployFixture);
      const account = claimants[0]!;
      const { index, amount, proof } = claimOf(tree, account.address);

      await airdrop.connect(relayer).claim(index, account.address, amount, proof);

      expect(await token.balanceOf(account.address)).to.equal(amount);
      expect(await token.balanceOf(relayer.address)).to.equal(0n);
    });

    it("refuses a second claim of the same index", async function () {
      const { airdrop, tree, claimants } = await networkHelpers.loadFixture(deployFixture);
      const account = claimants[1]!;
      const { index, amount, proof } = claimOf(tree, account.address);
      await airdrop.claim(index, account.address, amount, proof);

      await expect(airdrop.claim(index, account.address, amount, proof))
        .to.be.revertedWithCustomError(airdrop, "MerkleAirdropAlreadyClaimed")
        .withArgs(index);
    });

    it("refuses a changed amount or another account with the same proof", async function () {
      const { airdrop, tree, relayer, claimants } = await networkHelpers.loadFixture(deployFixture);
      const account = claimants[3]!;
      const { index, amount, proof } = claimOf(tree, account.address);

      await expect(airdrop.claim(index, account.address, amount + 1n, proof))
        .to.be.revertedWithCustomError(airdrop, "MerkleAirdropInvalidProof")
        .withArgs(index, account.address, amount + 1n);
      await expect(airdrop.claim(index, relayer.address, amount, proof))
        .to.be.revertedWithCustomError(airdrop, "MerkleAirdropInvalidProof")
        .withArgs(index, relayer.address, amount);
    });

    it("refuses claims after the deadline", async function () {
      const { airdrop, tree, claimDeadline, claimants } =
        await networkHelpers.loadFixture(deployFixture);
      const account = claimants[4]!;
      const { index, amount, proof } = claimOf(tree, account.address);
      await networkHelpers.time.setNextBlockTimestamp(claimDeadline + 1n);

      await expect(airdrop.claim(index, account.address, amount, proof))
        .to.be.revertedWithCustomError(airdrop, "MerkleAirdropClaimsClosed")
        .withArgs(claimDeadline, claimDeadline + 1n);
    });
  });

  describe("when the owner sweeps", function () {
    it("refuses before the deadline", async function () {
      const { airdrop, claimDeadline, owner } = await networkHelpers.loadFixture(deployFixture);
      await networkHelpers.time.setNextBlockTimestamp(claimDeadline);

      await expect(airdrop.connect(owner).sweep(owner.address))
        .to.be.revertedWithCustomError(airdrop, "MerkleAirdropClaimsStillOpen")
        .withArgs(claimDeadline, claimDeadline);
    });

    it("sends what is left after the deadline, once", async function () {
      const { token, airdrop, tree, claimDeadline, owner, claimants } =
        await networkHelpers.loadFixture(deployFixture);
      const { index, amount, proof } = claimOf(tree, claimants[0]!.address);
      await airdrop.claim(index, claimants[0]!.address, amount, proof);
      await networkHelpers.time.increaseTo(claimDeadline + 1n);
      const rest = BigInt(tree.total) - amount;

      await expect(airdrop.connect(owner).sweep(owner.address))
        .to.emit(airdrop, "Swept")
        .withArgs(owner.address, rest);
      expect(await token.balanceOf(owner.address)).to.equal(rest);

      await expect(airdrop.connect(owner).sweep(owner.address)).to.be.revertedWithCustomError(
        airdrop,
        "MerkleAirdropNothingToSweep",
      );
    });

    it("refuses anyone but the owner, a zero recipient, and renouncing", async function () {
      const { airdrop, claimDeadline, owner, relayer } =
        await networkHelpers.loadFixture(deployFixture);
      await networkHelpers.time.increaseTo(claimDeadline + 1n);

      await expect(airdrop.connect(relayer).sweep(relayer.address))
        .to.be.revertedWithCustomError(airdrop, "OwnableUnauthorizedAccount")
        .withArgs(relayer.address);
      await expect(airdrop.connect(owner).sweep(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(airdrop, "MerkleAirdropZeroAddress")
        .withArgs("to");
      await expect(airdrop.connect(owner).renounceOwnership()).to.be.revertedWithCustomError(
        airdrop,
        "MerkleAirdropRenounceDisabled",
      );
    });
  });

  describe("when claims arrive in any order, repeated", function () {
    it("pays each leaf once and never more than was funded", async function () {
      const { token, owner, claimants } = await networkHelpers.loadFixture(deployFixture);
      const tokenAddress = await token.getAddress();

      const allocation = fc.uniqueArray(
        fc.record({
          who: fc.integer({ min: 0, max: claimants.length - 1 }),
          amount: fc.bigInt({ min: 1n, max: 1_000n * KC }),
        }),
        { minLength: 1, maxLength: 6, selector: (entry) => entry.who },
      );
      const scenario = allocation.chain((entries) =>
        fc.record({
          entries: fc.constant(entries),
          order: fc.array(fc.nat({ max: entries.length - 1 }), { minLength: 1, maxLength: 10 }),
        }),
      );

      await fc.assert(
        fc.asyncProperty(scenario, async ({ entries, order }) => {
          const tree = buildAirdropTree(
            entries.map(({ who, amount }, index) => ({
              index,
              account: claimants[who]!.address,
              amount,
              line: index + 1,
            })),
          );
          const deadline = BigInt(await networkHelpers.time.latest()) + THIRTY_DAYS;
          const airdrop = (await ethers.deployContract("MerkleAirdrop", [
            tokenAddress,
            tree.root,
            deadline,
            owner.address,
          ])) as unknown as MerkleAirdrop;
          const funded = BigInt(tree.total);
          await token.transfer(await airdrop.getAddress(), funded);

          const paid = new Set<number>();
          let expectedTotal = 0n;
          for (const position of order) {
            const account = claimants[entries[position]!.who]!.address;
            const { index, amount, proof } = claimOf(tree, account);
            const attempt = airdrop.claim(index, account, amount, proof);
            if (paid.has(index)) {
              await expect(attempt)
                .to.be.revertedWithCustomError(airdrop, "MerkleAirdropAlreadyClaimed")
                .withArgs(index);
            } else {
              await attempt;
              paid.add(index);
              expectedTotal += amount;
            }
          }

          const totalClaimed = await airdrop.totalClaimed();
          expect(totalClaimed).to.equal(expectedTotal);
          expect(totalClaimed <= funded).to.equal(true);
          expect(await token.balanceOf(await airdrop.getAddress())).to.equal(funded - totalClaimed);
        }),
        { numRuns: 12 },
      );
    });
  });
});
