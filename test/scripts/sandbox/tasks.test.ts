import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";

import { startHardhatNode, type LocalNode } from "../../helpers/node.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const BIN = join(ROOT, "node_modules", ".bin");

function hardhat(
  args: string[],
  url: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(BIN, "hardhat"), args, {
      cwd: ROOT,
      env: { ...process.env, PATH: `${BIN}:${process.env.PATH ?? ""}`, LOCALHOST_URL: url },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("sandbox tools as Hardhat tasks", function () {
  this.timeout(60_000);

  let node: LocalNode;

  before(async function () {
    node = await startHardhatNode();
  });

  after(async function () {
    await node?.stop();
  });

  it("kc time mines blocks on the --network node, linked to their parents", async function () {
    const result = await hardhat(
      ["kc", "time", "--network", "localhost", "--blocks", "9", "--advance", "2h"],
      node.url,
    );

    expect(result.stderr).to.equal("");
    expect(result.code).to.equal(0);
    expect(result.stdout).to.match(/^now at block 9, time /);

    for (let number = 1; number <= 9; number++) {
      const block = await node.rpc<{ parentHash: string }>("eth_getBlockByNumber", [
        `0x${number.toString(16)}`,
        false,
      ]);
      const parent = await node.rpc<{ hash: string }>("eth_getBlockByNumber", [
        `0x${(number - 1).toString(16)}`,
        false,
      ]);
      expect(block.parentHash, `block ${number}`).to.equal(parent.hash);
    }
  });

  it("kc faucet refuses a bad address with one line and exit code 1", async function () {
    const result = await hardhat(
      ["kc", "faucet", "--network", "localhost", "--to", "nobody"],
      node.url,
    );

    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal(
      'error: --to "nobody" is not an address (0x and 40 hex digits)\n',
    );
  });
});
