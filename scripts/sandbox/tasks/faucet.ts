/** Action of `npx hardhat kc faucet --network localhost --to <address>`. */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { parseTokenAmount, requireAddress } from "../../../deploy/cli.ts";
import { readDeploymentRecord, recordPath } from "../../../deploy/record.ts";
import { runFaucet } from "../faucet.ts";
import { connectTask, reportFailures } from "./connect.ts";

interface Args {
  to: string;
  kc: string;
  eth: string;
}

export default async function faucetTask(args: Args, hre: HardhatRuntimeEnvironment) {
  await reportFailures(async () => {
    const to = requireAddress(args.to === "" ? undefined : args.to, "--to");
    const { connection, rpc, network } = await connectTask(hre);
    try {
      const record = readDeploymentRecord(recordPath(network));
      const result = await runFaucet(rpc, record, {
        to,
        kc: parseTokenAmount(args.kc, "--kc"),
        eth: parseTokenAmount(args.eth, "--eth"),
      });
      console.log(`${to} now holds ${result.kcBalance} KC base units and ${result.ethBalance} wei`);
    } finally {
      await connection.close();
    }
  });
}
