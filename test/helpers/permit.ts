import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { Signature } from "ethers";

import type { KatyCoin } from "../../types/typechain/index.ts";

const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

export interface PermitRequest {
  token: KatyCoin;
  /** Who signs. Usually the owner; a different signer makes a forged permit. */
  signer: HardhatEthersSigner;
  owner: string;
  spender: string;
  value: bigint;
  deadline: bigint;
  /** Defaults to the owner's current nonce; pass another to sign a stale one. */
  nonce?: bigint;
}

/** Signs an EIP-2612 permit for KC and splits the signature for `permit`. */
export async function signPermit(request: PermitRequest): Promise<Signature> {
  const { token, signer, owner, spender, value, deadline } = request;
  const nonce = request.nonce ?? (await token.nonces(owner));
  // HardhatEthersSigner always has a provider.
  const { chainId } = await signer.provider!.getNetwork();

  const domain = {
    name: await token.name(),
    version: "1",
    chainId,
    verifyingContract: await token.getAddress(),
  };
  const message = { owner, spender, value, nonce, deadline };

  return Signature.from(await signer.signTypedData(domain, PERMIT_TYPES, message));
}
