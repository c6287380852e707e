/** Action of `npx hardhat kc time --network localhost --advance 1d --blocks 10`. */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { parseWholeNumber, UsageError } from "../../../deploy/cli.ts";
import { parseDuration, travelInTime } from "../time.ts";
import { connectTask, reportFailures } from "./connect.ts";

interface Args {
  advance: string;
  blocks: string;
}

export default async function timeTask(args: Args, hre: HardhatRuntimeEnvironment) {
  await reportFailures(async () => {
    const seconds = args.advance === "" ? 0 : parseDuration(args.advance);
    if (seconds === null)
      throw new UsageError(`--advance ${JSON.stringify(args.advance)} is not a duration`);
    const blocks = parseWholeNumber(args.blocks, "--blocks");

    const { connection, rpc } = await connectTask(hre);
    try {
      const head = await travelInTime(rpc, { seconds, blocks });
      console.log(
        `now at block ${head.number}, time ${new Date(head.timestamp * 1000).toISOString()}`,
      );
    } finally {
      await connection.close();
    }
  });
}
