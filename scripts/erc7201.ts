// Prints the ERC-7201 storage slot of a namespace id, for contracts that
// declare `@custom:storage-location erc7201:<id>`.
//
//   node scripts/erc7201.ts kc.storage.KatyCoin
import { AbiCoder, keccak256, toBigInt, toUtf8Bytes } from "ethers";

export function erc7201Slot(namespaceId: string): string {
  const inner = toBigInt(keccak256(toUtf8Bytes(namespaceId))) - 1n;
  const encoded = AbiCoder.defaultAbiCoder().encode(["uint256"], [inner]);
  const slot = toBigInt(keccak256(encoded)) & ~0xffn;

  return "0x" + slot.toString(16).padStart(64, "0");
}

const invokedDirectly = process.argv[1]?.endsWith("erc7201.ts");
if (invokedDirectly) {
  const ids = process.argv.slice(2);
  if (ids.length === 0) {
    console.error("usage: node scripts/erc7201.ts <namespace-id> [...]");
    process.exit(2);
  }
  for (const id of ids) console.log(`${id} ${erc7201Slot(id)}`);
}
