// Runs the template's own tests in `npm test`; they live beside the template so that
// `npm run new` can copy them with it (docs/decisions/0031-template-layout-and-tests.md).
import "../../templates/escrow-marketplace/test/EscrowMarketplace.test.ts";
