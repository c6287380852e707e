import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys MerkleAirdrop and funds it from the deployer's KC in one deployment:
 *
 *   node scripts/merkle/build-tree.ts airdrop.csv airdrop-tree.json
 *   npx hardhat ignition deploy <this file> --network <name> --parameters params.json
 *
 * with params.json = { "MerkleAirdropModule": { "token": "0x…", "merkleRoot": "<root>",
 * "claimDeadline": <unix seconds>, "owner": "0x…", "funding": "<total>" } }, `root` and
 * `total` taken from airdrop-tree.json. The deployer must hold `funding` KC.
 */
export default buildModule("MerkleAirdropModule", (m) => {
  const token = m.getParameter<string>("token");
  const merkleRoot = m.getParameter<string>("merkleRoot");
  const claimDeadline = m.getParameter<bigint>("claimDeadline");
  const owner = m.getParameter<string>("owner");
  const funding = m.getParameter<bigint>("funding");

  const merkleAirdrop = m.contract("MerkleAirdrop", [token, merkleRoot, claimDeadline, owner]);
  const kc = m.contractAt("IKatyCoin", token);
  m.call(kc, "transfer", [merkleAirdrop, funding], { id: "FundAirdrop" });

  return { merkleAirdrop };
});
