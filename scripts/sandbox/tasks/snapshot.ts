/** Action of `npx hardhat kc snapshot --network localhost`. */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { takeSnapshot } from "../snapshot.ts";
import { connectTask, reportFailures } from "./connect.ts";

export default async function snapshotTask(_args: object, hre: HardhatRuntimeEnvironment) {
  await reportFailures(async () => {
    const { connection, rpc } = await connectTask(hre);
    try {
      console.log(`took snapshot ${await takeSnapshot(rpc)}`);
    } finally {
      await connection.close();
    }
  });
}
