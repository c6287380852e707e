/**
 * The node and record a sandbox command works on: --network names the record
 * (default localhost), --rpc-url or LOCALHOST_URL the node.
 */
import { DEFAULT_LOCALHOST_URL } from "../../../deploy/network.ts";
import { recordPath } from "../../../deploy/record.ts";
import { httpRpc, type Rpc } from "../rpc.ts";

export const TARGET_OPTIONS = {
  network: { type: "string" },
  "rpc-url": { type: "string" },
} as const;

export const TARGET_HELP = `  --network <name>     whose deployments/<name>.json to use (default: localhost)
  --rpc-url <url>      the node (default: LOCALHOST_URL or ${DEFAULT_LOCALHOST_URL})
  -h, --help           show this help

Runs only against a Hardhat node on this machine (it must answer hardhat_metadata).`;

export function sandboxTarget(args: { network?: string; "rpc-url"?: string }): {
  rpc: Rpc;
  network: string;
  recordFile: string;
} {
  const network = args.network ?? "localhost";
  const url = args["rpc-url"] ?? process.env.LOCALHOST_URL ?? DEFAULT_LOCALHOST_URL;
  return { rpc: httpRpc(url), network, recordFile: recordPath(network) };
}
