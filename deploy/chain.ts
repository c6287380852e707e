/**
 * Small facts about the chain and the checkout that every deploy step needs:
 * which chain this is, the git commit the artifacts come from, and how to
 * read an ERC-1967 proxy's implementation.
 */
import { execFileSync } from "node:child_process";

/** keccak256("eip1967.proxy.implementation") - 1, fixed by ERC-1967. */
export const ERC1967_IMPLEMENTATION_SLOT =
  "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

/** The chain ids of local development nodes (Hardhat, Anvil, Ganache). */
export const LOCAL_CHAIN_IDS: readonly number[] = [31337, 1337];

/** Anything that answers JSON-RPC the way ethers' providers and EIP-1193 do. */
export interface JsonRpcSender {
  send(method: string, params: unknown[]): Promise<any>;
}

export interface ChainFacts {
  chainId: number;
  genesisHash: `0x${string}`;
}

export async function readChainFacts(provider: JsonRpcSender): Promise<ChainFacts> {
  const chainId = Number(await provider.send("eth_chainId", []));
  const genesis = await provider.send("eth_getBlockByNumber", ["0x0", false]);
  return { chainId, genesisHash: genesis.hash };
}

/** The implementation an ERC-1967 proxy delegates to, read from its storage slot. */
export async function readImplementation(
  provider: JsonRpcSender,
  proxy: string,
): Promise<`0x${string}`> {
  const word: string = await provider.send("eth_getStorageAt", [
    proxy,
    ERC1967_IMPLEMENTATION_SLOT,
    "latest",
  ]);
  return `0x${word.slice(-40)}`.toLowerCase() as `0x${string}`;
}

export function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The commit HEAD points at, and whether contracts/ has uncommitted changes
 * (the artifacts are built from there). Null outside a git checkout.
 */
export function readGitState(cwd: string = process.cwd()): {
  commit: string | null;
  dirty: boolean;
} {
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd, stdio: "pipe" })
      .toString()
      .trim();
    const status = execFileSync("git", ["status", "--porcelain", "--", "contracts"], {
      cwd,
      stdio: "pipe",
    }).toString();
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return { commit: null, dirty: false };
  }
}
