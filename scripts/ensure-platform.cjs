// Hardhat 3 runs on a native module (EDR) shipped as one optional package per
// platform, and those packages declare Node >= 22. npm running on an older
// Node skips them silently, and Hardhat then dies with "Cannot find native
// binding". This postinstall step runs with node_modules/.bin first on PATH,
// so under the Node 22 binary from the `node` package: if the native module
// does not load, it installs once more under Node 22, which then fetches the
// platform package from the lock file. Where the system Node is already >= 22
// the module loads and nothing happens.
//
// NOTE: `npm ci --ignore-scripts` skips this step and leaves no working
// Hardhat; run `npm rebuild` afterwards or install without that flag.
"use strict";

const { spawnSync } = require("node:child_process");

function edrLoads() {
  const probe = spawnSync(process.execPath, ["-e", "require('@nomicfoundation/edr')"], {
    stdio: "ignore",
  });

  return probe.status === 0;
}

function main() {
  if (edrLoads()) return;

  const major = Number(process.versions.node.split(".")[0]);
  if (major < 22) {
    console.error(
      "kc-toolkit: Hardhat's native module is missing and this install " +
        `runs on Node ${process.versions.node}. Install Node >= 22, or run ` +
        "`npm install` so that the bundled Node 22 is used.",
    );
    process.exit(1);
  }

  const npmCli = process.env.npm_execpath;
  if (!npmCli) {
    console.error("kc-toolkit: npm_execpath is unset; run through npm.");
    process.exit(1);
  }

  console.log("kc-toolkit: installing Hardhat's platform package under Node 22");
  const install = spawnSync(
    process.execPath,
    [npmCli, "install", "--no-save", "--ignore-scripts", "--no-audit", "--no-fund"],
    { stdio: "inherit" },
  );
  if (install.status !== 0 || !edrLoads()) {
    console.error("kc-toolkit: the platform package could not be installed.");
    process.exit(1);
  }
}

main();
