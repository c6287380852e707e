// Gas of KC's hot functions, as whole transactions (gasUsed of the receipt),
// beside the checked-in snapshot and beside a plain OpenZeppelin
// ERC20Upgradeable (with permit) behind the same ERC-1967 proxy, compiled in
// the same build.
//
//   npm run bench -- token-gas                      print and check
//   UPDATE_GAS_SNAPSHOT=1 npm run bench -- token-gas  also rewrite the snapshot
import path from "node:path";

import { network } from "hardhat";
import type { BaseContract } from "ethers";

import { signPermit } from "../../test/helpers/permit.ts";
import { KC, deployKatyCoin } from "../../test/helpers/token.ts";
import { FIXED_DEADLINE, type GasTable, gasOf, readSnapshot, writeSnapshot } from "./gas.ts";

const SNAPSHOT_FILE = path.join(import.meta.dirname, "token-gas.snapshot.json");

/** The target: KC's transfer at most 5% above the plain token's. */
const TRANSFER_RATIO_TARGET = 1.05;

/**
 * Runs the same sequence of calls on a token and returns each call's gas.
 * Both tokens get exactly the same history so that cold and warm storage
 * slots match call for call.
 */
async function measure(token: any, ethers: any): Promise<GasTable> {
  const [owner, existing, fresh, spender, fresh2] = await ethers.getSigners();
  await (await token.connect(owner).transfer(existing, KC)).wait();
  const table: GasTable = {};

  table["transfer (recipient holds KC)"] = await gasOf(token.connect(owner).transfer(existing, KC));
  table["transfer (new recipient)"] = await gasOf(token.connect(owner).transfer(fresh, KC));
  table["approve"] = await gasOf(token.connect(owner).approve(spender, 10n * KC));
  table["transferFrom"] = await gasOf(token.connect(spender).transferFrom(owner, existing, KC));

  const sig = await signPermit({
    token,
    signer: owner,
    owner: owner.address,
    spender: fresh2.address,
    value: KC,
    deadline: FIXED_DEADLINE,
  });
  table["permit"] = await gasOf(
    token.connect(spender).permit(owner, fresh2, KC, FIXED_DEADLINE, sig.v, sig.r, sig.s),
  );
  table["mint (to a holder)"] = await gasOf(token.connect(owner).mint(existing, KC));

  return table;
}

export async function run(): Promise<void> {
  const { ethers } = await network.create();
  const [owner] = await ethers.getSigners();

  const kc = await deployKatyCoin(ethers, owner);
  await (await kc.mint(owner, 1_000_000n * KC)).wait();

  const plainImpl = await ethers.deployContract("PlainERC20Upgradeable");
  const init = plainImpl.interface.encodeFunctionData("initialize", [
    owner.address,
    1_000_000n * KC,
  ]);
  const plainProxy: BaseContract = await ethers.deployContract("ERC1967Proxy", [
    await plainImpl.getAddress(),
    init,
  ]);
  const plain = await ethers.getContractAt("PlainERC20Upgradeable", await plainProxy.getAddress());

  const kcGas = await measure(kc, ethers);
  const plainGas = await measure(plain, ethers);
  const snapshot = readSnapshot(SNAPSHOT_FILE);

  const rows = Object.keys(kcGas).map((op) => {
    const now = kcGas[op];
    const snap = snapshot[op];
    return {
      operation: op,
      "KC gas": Number(now),
      snapshot: snap ?? "-",
      "Δ snapshot": snap === undefined ? "-" : Number(now) - snap,
      "OZ baseline": Number(plainGas[op]),
      "KC / baseline": (Number(now) / Number(plainGas[op])).toFixed(3),
    };
  });
  console.table(rows);

  const transferRatio =
    Number(kcGas["transfer (recipient holds KC)"]) /
    Number(plainGas["transfer (recipient holds KC)"]);
  const newRecipientRatio =
    Number(kcGas["transfer (new recipient)"]) / Number(plainGas["transfer (new recipient)"]);
  console.log(
    `transfer ratio: ${transferRatio.toFixed(3)} to a holder, ` +
      `${newRecipientRatio.toFixed(3)} to a new recipient ` +
      `(target <= ${TRANSFER_RATIO_TARGET}): ` +
      (transferRatio <= TRANSFER_RATIO_TARGET ? "met" : "NOT met to a holder"),
  );
  if (transferRatio > TRANSFER_RATIO_TARGET) {
    // Known and accepted: see docs/decisions/0003-pause-check-gas.md.
    console.log(
      "  the gap is the pause check: one cold storage read (2,100 gas) that " +
        "the plain token does not make",
    );
  }

  const grown = rows.filter((r) => typeof r["Δ snapshot"] === "number" && r["Δ snapshot"] > 0);
  if (process.env.UPDATE_GAS_SNAPSHOT === "1") {
    writeSnapshot(SNAPSHOT_FILE, kcGas);
    console.log(`snapshot written to ${path.relative(process.cwd(), SNAPSHOT_FILE)}`);
  } else if (grown.length > 0) {
    console.error(
      `gas grew against the snapshot for: ${grown.map((r) => r.operation).join(", ")}. ` +
        "If intended, rerun with UPDATE_GAS_SNAPSHOT=1 and commit the snapshot.",
    );
    process.exitCode = 1;
  }
}
