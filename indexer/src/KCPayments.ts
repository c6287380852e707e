// KCPayments: direct payments with a reference and a memo, payment requests,
// and the fee settings.
import { ponder } from "ponder:registry";
import schema from "ponder:schema";

import { recordPause, recordRecovery, recordRoleChange, recordUpgrade } from "./admin.ts";
import { eventRow, recordStats, touchAccount } from "./records.ts";

ponder.on("KCPayments:PaymentMade", async ({ event, context }) => {
  const { payer, payee, ref, gross, fee, net, treasury, memo } = event.args;

  await context.db.insert(schema.payment).values({
    ...(await eventRow(context, event)),
    contract: event.log.address,
    payer,
    payee,
    reference: ref,
    gross,
    fee,
    net,
    treasury,
    memo,
  });

  await touchAccount(context, event, payer, { paymentsSent: 1 });
  await touchAccount(context, event, payee, { paymentsReceived: 1 });
  await recordStats(context, event, {
    contract: event.log.address,
    volume: gross,
    fees: fee,
    accounts: [payer, payee],
  });
});

ponder.on("KCPayments:PaymentRequestCreated", async ({ event, context }) => {
  const { requestId, payee, payer, amount, expiresAt, ref } = event.args;

  await eventRow(context, event);
  await context.db.insert(schema.paymentRequest).values({
    id: requestId,
    contract: event.log.address,
    payee,
    payer,
    amount,
    expiresAt: BigInt(expiresAt),
    reference: ref,
    status: "open",
    createdAtBlock: event.block.number,
    createdAt: event.block.timestamp,
  });
});

ponder.on("KCPayments:PaymentRequestPaid", async ({ event, context }) => {
  const { requestId, payer, payee, gross, fee, net, treasury } = event.args;

  const request = await context.db
    .update(schema.paymentRequest, { id: requestId })
    .set({ status: "paid", closedAtBlock: event.block.number });

  await context.db.insert(schema.payment).values({
    ...(await eventRow(context, event)),
    contract: event.log.address,
    payer,
    payee,
    reference: request.reference,
    gross,
    fee,
    net,
    treasury,
    memo: "",
    requestId,
  });

  await touchAccount(context, event, payer, { paymentsSent: 1 });
  await touchAccount(context, event, payee, { paymentsReceived: 1 });
  await recordStats(context, event, {
    contract: event.log.address,
    volume: gross,
    fees: fee,
    accounts: [payer, payee],
  });
});

ponder.on("KCPayments:PaymentRequestCancelled", async ({ event, context }) => {
  await eventRow(context, event);
  await context.db
    .update(schema.paymentRequest, { id: event.args.requestId })
    .set({ status: "cancelled", closedAtBlock: event.block.number });
});

ponder.on("KCPayments:FeeUpdated", async ({ event, context }) => {
  await context.db.insert(schema.feeChange).values({
    ...(await eventRow(context, event)),
    contract: event.log.address,
    previousFeeBps: event.args.previousFeeBps,
    newFeeBps: event.args.newFeeBps,
  });
});

ponder.on("KCPayments:TreasuryUpdated", async ({ event, context }) => {
  await context.db.insert(schema.treasuryChange).values({
    ...(await eventRow(context, event)),
    contract: event.log.address,
    previousTreasury: event.args.previousTreasury,
    newTreasury: event.args.newTreasury,
  });
});

ponder.on("KCPayments:RoleGranted", ({ event, context }) => recordRoleChange(context, event, true));
ponder.on("KCPayments:RoleRevoked", ({ event, context }) =>
  recordRoleChange(context, event, false),
);
ponder.on("KCPayments:Paused", ({ event, context }) => recordPause(context, event, true));
ponder.on("KCPayments:Unpaused", ({ event, context }) => recordPause(context, event, false));
ponder.on("KCPayments:TokensRecovered", ({ event, context }) => recordRecovery(context, event));
ponder.on("KCPayments:Upgraded", ({ event, context }) =>
  recordUpgrade(context, event, "KCPayments"),
);
