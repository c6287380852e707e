/**
 * The sandbox tools as Hardhat tasks, under `kc`:
 *
 *   npx hardhat kc faucet   --network localhost --to <address> [--kc 1000] [--eth 100]
 *   npx hardhat kc time     --network localhost [--advance 1d] [--blocks 10]
 *   npx hardhat kc snapshot --network localhost
 *   npx hardhat kc revert   --network localhost [--id 0x1]
 *   npx hardhat kc reset    --network localhost
 *
 * Each refuses a chain that is not a local Hardhat node, like the npm scripts
 * of the same names. Registered in hardhat.config.ts (`tasks: kcTasks`).
 */
import { emptyTask, task } from "hardhat/config";

export const kcTasks = [
  emptyTask("kc", "KC sandbox tools for local Hardhat nodes").build(),

  task(["kc", "faucet"], "Mints test KC and sets the ETH balance of an address")
    .addOption({ name: "to", description: "The address that receives", defaultValue: "" })
    .addOption({ name: "kc", description: "Whole KC to mint", defaultValue: "1000" })
    .addOption({ name: "eth", description: "The ETH balance to set", defaultValue: "100" })
    .setAction(() => import("./faucet.ts"))
    .build(),

  task(["kc", "time"], "Moves the clock forward and mines blocks (in chunks of 7)")
    .addOption({ name: "advance", description: "A duration: 90, 30m, 1d12h", defaultValue: "" })
    .addOption({ name: "blocks", description: "Blocks to mine", defaultValue: "0" })
    .setAction(() => import("./time.ts"))
    .build(),

  task(["kc", "snapshot"], "Takes a snapshot that kc revert returns to")
    .setAction(() => import("./snapshot.ts"))
    .build(),

  task(["kc", "revert"], "Returns to a snapshot (the latest by default)")
    .addOption({ name: "id", description: "The snapshot id", defaultValue: "" })
    .setAction(() => import("./revert.ts"))
    .build(),

  task(["kc", "reset"], "Returns the node to block 0 and deploys the KC system again")
    .setAction(() => import("./reset.ts"))
    .build(),
];
