/**
 * Gives an address test ETH and test KC on a local node: the ETH balance is
 * set outright (hardhat_setBalance), the KC is minted by the deployer, whose
 * account the node lets us send from (hardhat_impersonateAccount).
 */
import { Interface, id } from "ethers";

import { contractRecord, type DeploymentRecord } from "../../deploy/record.ts";
import { assertLocalChain } from "./local-chain.ts";
import { toQuantity, type Rpc } from "./rpc.ts";

const TOKEN = new Interface([
  "function mint(address to, uint256 amount)",
  "function balanceOf(address account) view returns (uint256)",
  "function hasRole(bytes32 role, address account) view returns (bool)",
]);

/** The faucet cannot do what was asked; the message says why. */
export class FaucetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FaucetError";
  }
}

export interface FaucetRequest {
  to: string;
  /** KC to mint, in base units; 0 mints nothing. */
  kc: bigint;
  /** The ETH balance to set, in wei; undefined leaves it. */
  eth?: bigint;
}

export interface FaucetResult {
  ethBalance: bigint;
  kcBalance: bigint;
}

export async function runFaucet(
  rpc: Rpc,
  record: DeploymentRecord,
  request: FaucetRequest,
): Promise<FaucetResult> {
  await assertLocalChain(rpc, "faucet");
  const token = contractRecord(record, "KatyCoin").proxy;

  if (request.eth !== undefined) {
    await rpc.request("hardhat_setBalance", [request.to, toQuantity(request.eth)]);
  }

  if (request.kc > 0n) {
    await mintAsDeployer(rpc, token, record.deployer, request.to, request.kc);
  }

  const balance = await rpc.request<string>("eth_call", [
    { to: token, data: TOKEN.encodeFunctionData("balanceOf", [request.to]) },
    "latest",
  ]);

  return {
    ethBalance: BigInt(await rpc.request<string>("eth_getBalance", [request.to, "latest"])),
    kcBalance: BigInt(balance),
  };
}

async function mintAsDeployer(
  rpc: Rpc,
  token: string,
  minter: string,
  to: string,
  amount: bigint,
): Promise<void> {
  const isMinter = await rpc.request<string>("eth_call", [
    { to: token, data: TOKEN.encodeFunctionData("hasRole", [id("MINTER_ROLE"), minter]) },
    "latest",
  ]);
  if (BigInt(isMinter) === 0n) {
    throw new FaucetError(
      `the deployer ${minter} no longer holds MINTER_ROLE (roles were handed over): the faucet cannot mint KC`,
    );
  }

  await rpc.request("hardhat_impersonateAccount", [minter]);
  try {
    const hash = await rpc.request<string>("eth_sendTransaction", [
      {
        from: minter,
        to: token,
        data: TOKEN.encodeFunctionData("mint", [to, amount]),
        gas: "0x30000",
      },
    ]);
    const receipt = await rpc.request<{ status: string }>("eth_getTransactionReceipt", [hash]);
    if (receipt?.status !== "0x1") throw new FaucetError(`the mint transaction ${hash} reverted`);
  } catch (error) {
    if (error instanceof FaucetError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new FaucetError(`minting ${amount} KC base units failed: ${message.split("\n")[0]}`);
  } finally {
    await rpc.request("hardhat_stopImpersonatingAccount", [minter]);
  }
}
