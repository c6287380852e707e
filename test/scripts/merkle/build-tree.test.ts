import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { network } from "hardhat";

import {
  AirdropInputError,
  parseAirdropCsv,
  type AirdropTreeFile,
} from "../../../scripts/merkle/build-tree.ts";
import type { MerkleAirdrop } from "../../../types/typechain/index.ts";
import { deployKatyCoin, KC } from "../../helpers/token.ts";

const { ethers, networkHelpers } = await network.create();

const SCRIPT = "scripts/merkle/build-tree.ts";
const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

/** Runs the CLI with the Node that runs the tests (Node 22, which strips TypeScript types). */
function runCli(args: string[]) {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectInputError(text: string, line: number, message: RegExp) {
  let caught: unknown;
  try {
    parseAirdropCsv(text);
  } catch (error) {
    caught = error;
  }
  expect(caught).to.be.instanceOf(AirdropInputError);
  expect((caught as AirdropInputError).line).to.equal(line);
  expect((caught as AirdropInputError).message).to.match(message);
}

describe("scripts/merkle/build-tree", function () {
  let folder: string;

  beforeEach(function () {
    folder = mkdtempSync(join(tmpdir(), "kc-merkle-"));
  });

  afterEach(function () {
    rmSync(folder, { recursive: true, force: true });
  });

  describe("when the CSV is valid", function () {
    it("reads a header, blank lines, CRLF endings and fractional amounts", function () {
      const entries = parseAirdropCsv(
        `\uFEFFaddress,amount\r\n${ALICE.toLowerCase()},12\r\n\r\n${BOB}, 0.000000000000000001\r\n`,
      );

      expect(entries).to.deep.equal([
        { index: 0, account: ALICE, amount: 12n * KC, line: 2 },
        { index: 1, account: BOB, amount: 1n, line: 4 },
      ]);
    });

    it("honours --decimals", function () {
      expect(parseAirdropCsv(`${ALICE},1.5`, 6)[0]!.amount).to.equal(1_500_000n);
    });
  });

  describe("when a line is wrong", function () {
    it("names the line of a malformed address", function () {
      expectInputError(`${ALICE},1\n0x1234,1`, 2, /bad address "0x1234"/);
    });

    it("names the line of a wrong checksum", function () {
      const broken = ALICE.replace("C51812dc", "c51812DC");
      expectInputError(`address,amount\n${broken},1`, 2, /checksum is wrong/);
    });

    it("refuses the zero address", function () {
      expectInputError(`${ethers.ZeroAddress},1`, 1, /zero address/);
    });

    it("names the line of an amount that is not a positive decimal", function () {
      expectInputError(`${ALICE},-1`, 1, /bad amount "-1"/);
      expectInputError(`${ALICE},1e18`, 1, /bad amount "1e18"/);
      expectInputError(`${ALICE},`, 1, /bad amount ""/);
      expectInputError(`${ALICE},0.0`, 1, /must be more than zero/);
      expectInputError(`${ALICE},0.${"1".repeat(19)}`, 1, /more than 18 digits/);
    });

    it("names both lines of a duplicate address, whatever its case", function () {
      expectInputError(`${ALICE},1\n${BOB},2\n${ALICE.toLowerCase()},3`, 3, /first on line 1/);
    });

    it("refuses a line without exactly two fields, and an empty list", function () {
      expectInputError(`${ALICE},1,2`, 1, /found 3/);
      expectInputError("address,amount\n\n", 0, /no claimants/);
    });
  });

  describe("when run from the command line", function () {
    it("prints one line naming file and line, exits 1 and keeps the old output", function () {
      const input = join(folder, "airdrop.csv");
      const output = join(folder, "tree.json");
      writeFileSync(input, `${ALICE},1\n${BOB},lots\n`);
      writeFileSync(output, "previous");

      const result = runCli([input, output]);

      expect(result.status).to.equal(1);
      expect(result.stderr.trim()).to.equal(
        `error: ${input}:2: bad amount "lots": expected a positive decimal number such as 12 or 0.5`,
      );
      expect(readFileSync(output, "utf8")).to.equal("previous");
      expect(readdirSync(folder).sort()).to.deep.equal(["airdrop.csv", "tree.json"]);
    });

    it("explains a missing argument, a missing file and a bad --decimals", function () {
      const missingArgument = runCli(["only-one.csv"]);
      expect(missingArgument.status).to.equal(2);
      expect(missingArgument.stderr).to.match(/^error: expected <input.csv> and <output.json>/);

      const missingFile = runCli([join(folder, "nope.csv"), join(folder, "out.json")]);
      expect(missingFile.status).to.equal(1);
      expect(missingFile.stderr.trim()).to.equal(
        `error: cannot read ${join(folder, "nope.csv")}: ENOENT`,
      );

      const badDecimals = runCli(["a.csv", "b.json", "--decimals", "x"]);
      expect(badDecimals.status).to.equal(2);
      expect(badDecimals.stderr).to.match(/--decimals must be a whole number/);
    });

    it("prints usage with --help", function () {
      const result = runCli(["--help"]);

      expect(result.status).to.equal(0);
      expect(result.stdout).to.match(/^Usage: node scripts\/merkle\/build-tree.ts/);
    });
  });

  describe("when a CSV goes all the way to claims on chain", function () {
    it("lets every listed account claim its amount with the written proof", async function () {
      const [admin, owner, ...others] = await ethers.getSigners();
      const claimants = others.slice(0, 4);
      const rows = claimants.map((signer, i) => `${signer.address},${i + 1}.25`);
      const input = join(folder, "airdrop.csv");
      const output = join(folder, "tree.json");
      writeFileSync(input, ["address,amount", ...rows].join("\n"));

      const result = runCli([input, output]);
      expect(result.status, result.stderr).to.equal(0);
      expect(readdirSync(folder).sort()).to.deep.equal(["airdrop.csv", "tree.json"]);
      const file = JSON.parse(readFileSync(output, "utf8")) as AirdropTreeFile;
      expect(file.total).to.equal(((1n + 2n + 3n + 4n) * KC + 4n * (KC / 4n)).toString());

      const token = await deployKatyCoin(ethers, admin);
      const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
      const airdrop = (await ethers.deployContract("MerkleAirdrop", [
        await token.getAddress(),
        file.root,
        deadline,
        owner.address,
      ])) as unknown as MerkleAirdrop;
      await token.mint(await airdrop.getAddress(), BigInt(file.total));

      for (const [i, signer] of claimants.entries()) {
        const claim = file.claims[signer.address]!;
        await airdrop.connect(signer).claim(claim.index, signer.address, claim.amount, claim.proof);
        expect(await token.balanceOf(signer.address)).to.equal(BigInt(i + 1) * KC + KC / 4n);
      }
      expect(await token.balanceOf(await airdrop.getAddress())).to.equal(0n);
    });
  });
});
