import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatUpgrades from "@openzeppelin/hardhat-upgrades";
import { defineConfig } from "hardhat/config";

import { kcTasks } from "./scripts/sandbox/tasks/index.ts";

const require = createRequire(import.meta.url);

// The one place where the compiler is pinned. The version is read from the
// installed `solc` package (pinned exactly in package.json) and Hardhat is
// handed the path of its WASM build, so a build never downloads a compiler
// and the two can never drift apart.
const SOLC_VERSION: string = require("solc/package.json").version;
const SOLC_PATH = require.resolve("solc/soljson.js");
export const EVM_VERSION = "cancun";

const compiler = {
  version: SOLC_VERSION,
  path: SOLC_PATH,
  settings: {
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs: 10_000 },
    outputSelection: {
      "*": {
        // The upgrades plugin compares storage layouts between versions.
        "*": ["storageLayout"],
      },
    },
  },
};

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers, hardhatUpgrades],
  // `npx hardhat kc faucet|time|snapshot|revert|reset --network localhost`.
  tasks: kcTasks,
  networks: {
    // The local node of `npm run chain`; LOCALHOST_URL moves it, as it does
    // for the npm scripts (deploy/network.ts). Other networks need no entry:
    // the deploy commands take RPC_URL and the key from the environment.
    localhost: { type: "http", url: process.env.LOCALHOST_URL ?? "http://127.0.0.1:8545" },
  },
  solidity: {
    profiles: {
      default: compiler,
      production: compiler,
    },
    // The plain OpenZeppelin ERC-20 and proxy are compiled for the gas
    // baseline in `npm run bench` and for the upgrade tests.
    npmFilesToBuild: ["@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol"],
  },
  paths: {
    sources: ["./contracts", "./test/contracts", "./templates"],
    tests: {
      mocha: "./test",
      solidity: "./test",
    },
  },
  test: {
    solidity: {
      fuzz: { runs: 256 },
      invariant: { runs: 64, depth: 32, failOnRevert: true },
    },
  },
  typechain: {
    outDir: "types/typechain",
  },
});
