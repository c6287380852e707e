/** Action of `npx hardhat kc revert --network localhost [--id 0x1]`. */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { revertToSnapshot } from "../snapshot.ts";
import { connectTask, reportFailures } from "./connect.ts";

export default async function revertTask(args: { id: string }, hre: HardhatRuntimeEnvironment) {
  await reportFailures(async () => {
    const { connection, rpc } = await connectTask(hre);
    try {
      const id = await revertToSnapshot(rpc, args.id === "" ? undefined : args.id);
      console.log(`reverted to snapshot ${id}`);
    } finally {
      await connection.close();
    }
  });
}
