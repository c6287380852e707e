import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys SubscriptionService. Every parameter is required:
 *
 *   npx hardhat ignition deploy <this file> --network <name> --parameters params.json
 *
 * with params.json = { "SubscriptionServiceModule": { "subscriptions": "<KCSubscriptions proxy>",
 * "merchant": "0x…", "gracePeriod": 86400, "owner": "0x…" } }. Take the KCSubscriptions address
 * from the toolkit's deployment record (deployments/<network>.json). Then, from the merchant,
 * create plans in KCSubscriptions, and from the owner, `acceptPlan` each.
 */
export default buildModule("SubscriptionServiceModule", (m) => {
  const subscriptions = m.getParameter<string>("subscriptions");
  const merchant = m.getParameter<string>("merchant");
  const gracePeriod = m.getParameter<bigint>("gracePeriod");
  const owner = m.getParameter<string>("owner");

  const subscriptionService = m.contract("SubscriptionService", [
    subscriptions,
    merchant,
    gracePeriod,
    owner,
  ]);

  return { subscriptionService };
});
