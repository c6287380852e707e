/** Action of `npx hardhat kc reset --network localhost`. */
import { upgrades } from "@openzeppelin/hardhat-upgrades";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { readSystemSettings } from "../../../deploy/contracts.ts";
import { deploySystem } from "../../../deploy/deploy.ts";
import { recordPath } from "../../../deploy/record.ts";
import { resetChain } from "../reset.ts";
import { connectTask, reportFailures } from "./connect.ts";

export default async function resetTask(_args: object, hre: HardhatRuntimeEnvironment) {
  await reportFailures(async () => {
    const { connection, rpc, network } = await connectTask(hre);
    try {
      const result = await resetChain({
        rpc,
        deploy: async () => {
          await deploySystem({
            hre,
            connection,
            upgradesApi: await upgrades(hre, connection),
            network,
            recordFile: recordPath(network),
            settings: readSystemSettings(process.env),
            log: (line) => console.log(line),
          });
        },
      });
      console.log(`reset the chain; the KC system is deployed again (block ${result.blockNumber})`);
    } finally {
      await connection.close();
    }
  });
}
