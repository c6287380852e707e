import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const NODE = join(ROOT, "node_modules", ".bin", "node");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command's entry file as `npm run <name> -- ...args` would. */
function run(entry: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [join(ROOT, entry), ...args], {
      cwd: ROOT,
      env: { ...process.env, LOCALHOST_URL: "http://127.0.0.1:1", RPC_URL: "", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const COMMANDS = {
  deploy: "deploy/commands/deploy.ts",
  upgrade: "deploy/commands/upgrade.ts",
  rollback: "deploy/commands/rollback.ts",
  chain: "scripts/chain.ts",
  fork: "scripts/fork.ts",
  faucet: "scripts/sandbox/commands/faucet.ts",
  time: "scripts/sandbox/commands/time.ts",
  snapshot: "scripts/sandbox/commands/snapshot.ts",
  revert: "scripts/sandbox/commands/revert.ts",
  reset: "scripts/sandbox/commands/reset.ts",
  mock: "scripts/mock/cli.ts",
};

describe("command lines", function () {
  this.timeout(60_000);

  describe("--help", function () {
    for (const [name, entry] of Object.entries(COMMANDS)) {
      it(`npm run ${name} -- --help prints its usage and exits 0`, async function () {
        const result = await run(entry, ["--help"]);

        expect(result.code).to.equal(0);
        expect(result.stdout).to.match(new RegExp(`Usage: npm run ${name}`));
        expect(result.stderr).to.equal("");
      });
    }
  });

  describe("when the input is wrong", function () {
    const cases: [string, keyof typeof COMMANDS, string[], NodeJS.ProcessEnv, string][] = [
      [
        "an unknown option",
        "deploy",
        ["--netwrk", "x"],
        {},
        "error: Unknown option '--netwrk'; run `npm run deploy -- --help` for the options",
      ],
      [
        "a network name that cannot be a file name",
        "deploy",
        ["--network", "../x"],
        {},
        'error: --network "../x" must be lower-case letters, digits, - or _ (it names deployments/<network>.json)',
      ],
      [
        "a remote network without RPC_URL",
        "deploy",
        ["--network", "sepolia"],
        {},
        "error: RPC_URL is not set: export RPC_URL=https://... for network sepolia (or pass --rpc-url)",
      ],
      [
        "a remote network without a key",
        "deploy",
        ["--network", "sepolia"],
        { RPC_URL: "https://rpc.invalid" },
        'error: no deployer key for network sepolia: export DEPLOYER_PRIVATE_KEY=0x... or MNEMONIC="..."',
      ],
      [
        "a malformed key",
        "deploy",
        ["--network", "sepolia"],
        { RPC_URL: "https://rpc.invalid", DEPLOYER_PRIVATE_KEY: "0x1234" },
        "error: DEPLOYER_PRIVATE_KEY is not a 32-byte hex private key",
      ],
      [
        "a hand-over to a non-address",
        "deploy",
        ["--network", "localhost", "--handover", "multisig"],
        {},
        'error: --handover "multisig" is not an address (0x and 40 hex digits)',
      ],
      [
        "an upgrade without --contract",
        "upgrade",
        ["--network", "localhost"],
        {},
        "error: --contract is required (e.g. --contract KatyCoin)",
      ],
      [
        "call arguments that are not JSON",
        "upgrade",
        ["--network", "localhost", "--contract", "KatyCoin", "--call", "f", "--args", "[oops"],
        {},
        'error: --args "[oops" is not JSON (e.g. \'["hello", 42]\')',
      ],
      ["a fork without --rpc", "fork", [], {}, "error: --rpc <url> is required: the chain to fork"],
      [
        "a port out of range",
        "chain",
        ["--port", "70000"],
        {},
        "error: --port 70000 is not a port (1-65535)",
      ],
      [
        "a faucet address with a bad checksum",
        "faucet",
        ["--to", "0x70997970C51812dc3A010C7f01b50e0d17dc79C8"],
        {},
        "error: --to 0x70997970C51812dc3A010C7f01b50e0d17dc79C8 has a bad checksum: check it, or write it in lower case",
      ],
      [
        "a duration without a unit it knows",
        "time",
        ["--advance", "3y"],
        {},
        'error: --advance "3y" is not a duration (like 90, 30m, 1d12h)',
      ],
      [
        "a time command with nothing to do",
        "time",
        [],
        {},
        "error: give --advance <duration>, --blocks <n> or both (see --help)",
      ],
      [
        "a snapshot of a remote node",
        "snapshot",
        ["--rpc-url", "http://192.0.2.1:8545"],
        {},
        "error: snapshot refuses http://192.0.2.1:8545: it only runs against a Hardhat node on this machine",
      ],
      [
        "a revert with a malformed id",
        "revert",
        ["--id", "latest"],
        {},
        'error: --id "latest" is not a snapshot id (like 0x1)',
      ],
      [
        "mock data without a seed",
        "mock",
        ["--events", "10"],
        {},
        "error: --seed <text> is required",
      ],
      [
        "a node that is not running",
        "time",
        ["--blocks", "1"],
        {},
        "error: no node answers at http://127.0.0.1:1: start one with `npm run chain` (or pass --rpc-url)",
      ],
    ];

    for (const [what, name, args, env, line] of cases) {
      it(`npm run ${name} refuses ${what} with one line and exit code 1`, async function () {
        const result = await run(COMMANDS[name], args, env);

        expect(result.code).to.equal(1);
        expect(result.stderr).to.equal(`${line}\n`);
        expect(result.stdout).to.equal("");
      });
    }
  });
});
