import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys MerchantCheckout. Every parameter is required, so a deployment never falls back to a
 * default address by accident:
 *
 *   npx hardhat ignition deploy <this file> --network <name> --parameters params.json
 *
 * with params.json = { "MerchantCheckoutModule": { "token": "0x…", "merchant": "0x…",
 * "quoteSigner": "0x…" } }. `merchant` should be the shop's multisig; `quoteSigner` the hot key
 * of the backend that signs quotes.
 */
export default buildModule("MerchantCheckoutModule", (m) => {
  const token = m.getParameter<string>("token");
  const merchant = m.getParameter<string>("merchant");
  const quoteSigner = m.getParameter<string>("quoteSigner");

  const merchantCheckout = m.contract("MerchantCheckout", [token, merchant, quoteSigner]);

  return { merchantCheckout };
});
