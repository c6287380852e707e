import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys EscrowMarketplace (which deploys its own arbiter relay). Every parameter is required:
 *
 *   npx hardhat ignition deploy <this file> --network <name> --parameters params.json
 *
 * with params.json = { "EscrowMarketplaceModule": { "escrow": "<KCEscrow proxy>",
 * "arbiter": "0x…", "deliveryWindow": 1209600, "owner": "0x…" } }. Take the KCEscrow address from
 * the toolkit's deployment record (deployments/<network>.json).
 */
export default buildModule("EscrowMarketplaceModule", (m) => {
  const escrow = m.getParameter<string>("escrow");
  const arbiter = m.getParameter<string>("arbiter");
  const deliveryWindow = m.getParameter<bigint>("deliveryWindow");
  const owner = m.getParameter<string>("owner");

  const escrowMarketplace = m.contract("EscrowMarketplace", [
    escrow,
    arbiter,
    deliveryWindow,
    owner,
  ]);

  return { escrowMarketplace };
});
