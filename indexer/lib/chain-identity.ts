import type { ChainIdentity } from "../../deploy/record.ts";
import { IndexerSetupError } from "./errors.ts";

type JsonRpcResponse = { result?: unknown; error?: { message: string } };

/**
 * Asks the node for its chain id and the hash of block 0: together they tell
 * one chain (and one run of a local node) from another.
 */
export async function readChainIdentity(rpcUrl: string): Promise<ChainIdentity> {
  const [chainIdHex, genesis] = await rpcBatch(rpcUrl, [
    ["eth_chainId", []],
    ["eth_getBlockByNumber", ["0x0", false]],
  ]);

  const hash = (genesis as { hash?: unknown } | null)?.hash;
  if (typeof chainIdHex !== "string" || typeof hash !== "string") {
    throw new IndexerSetupError(`the node at ${rpcUrl} did not return its chain id and block 0`);
  }

  return { chainId: Number(BigInt(chainIdHex)), genesisHash: hash };
}

/** Sends several JSON-RPC calls in one HTTP request; results come back in order. */
export async function rpcBatch(
  rpcUrl: string,
  calls: ReadonlyArray<readonly [method: string, params: unknown[]]>,
): Promise<unknown[]> {
  const body = calls.map(([method, params], id) => ({ jsonrpc: "2.0", id, method, params }));

  let response: Response;
  try {
    response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw new IndexerSetupError(
      `cannot reach the node at ${rpcUrl}: start one (\`npm start\` runs a local node) ` +
        `or set KC_RPC_URL`,
    );
  }

  if (!response.ok) {
    throw new IndexerSetupError(`the node at ${rpcUrl} answered HTTP ${response.status}`);
  }

  const answers = (await response.json()) as JsonRpcResponse[];
  const byId = new Map(answers.map((answer) => [(answer as { id: number }).id, answer]));

  return calls.map(([method], id) => {
    const answer = byId.get(id);
    if (answer === undefined || answer.error !== undefined) {
      const reason = answer?.error?.message ?? "no answer";
      throw new IndexerSetupError(`the node at ${rpcUrl} refused ${method}: ${reason}`);
    }
    return answer.result;
  });
}
