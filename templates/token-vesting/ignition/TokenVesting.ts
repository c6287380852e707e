import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys TokenVesting. Both parameters are required:
 *
 *   npx hardhat ignition deploy <this file> --network <name> --parameters params.json
 *
 * with params.json = { "TokenVestingModule": { "token": "0x…", "owner": "0x…" } }. The owner
 * (a multisig in production) then approves the contract and calls `createSchedule` per grant.
 */
export default buildModule("TokenVestingModule", (m) => {
  const token = m.getParameter<string>("token");
  const owner = m.getParameter<string>("owner");

  const tokenVesting = m.contract("TokenVesting", [token, owner]);

  return { tokenVesting };
});
