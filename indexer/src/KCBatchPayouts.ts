// KCBatchPayouts: each batch, and each of its items paid or failed.
import { ponder } from "ponder:registry";
import schema from "ponder:schema";

import { recordPause, recordRecovery, recordRoleChange, recordUpgrade } from "./admin.ts";
import { eventRow, recordStats, touchAccount } from "./records.ts";

// The Mode enum of IKCBatchPayouts, by its index.
const MODES = ["atomic", "partial"] as const;

ponder.on("KCBatchPayouts:PayoutSent", async ({ event, context }) => {
  await context.db.insert(schema.batchPayoutItem).values({
    ...(await eventRow(context, event)),
    batchId: event.args.batchId,
    index: Number(event.args.index),
    recipient: event.args.recipient,
    amount: event.args.amount,
    paid: true,
  });
  await touchAccount(context, event, event.args.recipient, { paymentsReceived: 1 });
});

ponder.on("KCBatchPayouts:PayoutFailed", async ({ event, context }) => {
  await context.db.insert(schema.batchPayoutItem).values({
    ...(await eventRow(context, event)),
    batchId: event.args.batchId,
    index: Number(event.args.index),
    recipient: event.args.recipient,
    amount: event.args.amount,
    paid: false,
    failureReason: event.args.reason,
  });
});

ponder.on("KCBatchPayouts:BatchPayoutExecuted", async ({ event, context }) => {
  const { batchId, sender, ref, mode, itemCount, paidCount, paidTotal } = event.args;

  await context.db.insert(schema.batchPayout).values({
    ...(await eventRow(context, event)),
    id: batchId,
    contract: event.log.address,
    sender,
    reference: ref,
    mode: MODES[mode] ?? "atomic",
    itemCount: Number(itemCount),
    paidCount: Number(paidCount),
    paidTotal,
  });

  await touchAccount(context, event, sender, { paymentsSent: Number(paidCount) });
  await recordStats(context, event, {
    contract: event.log.address,
    volume: paidTotal,
    fees: 0n,
    accounts: [sender],
  });
});

ponder.on("KCBatchPayouts:RoleGranted", ({ event, context }) =>
  recordRoleChange(context, event, true),
);
ponder.on("KCBatchPayouts:RoleRevoked", ({ event, context }) =>
  recordRoleChange(context, event, false),
);
ponder.on("KCBatchPayouts:Paused", ({ event, context }) => recordPause(context, event, true));
ponder.on("KCBatchPayouts:Unpaused", ({ event, context }) => recordPause(context, event, false));
ponder.on("KCBatchPayouts:TokensRecovered", ({ event, context }) => recordRecovery(context, event));
ponder.on("KCBatchPayouts:Upgraded", ({ event, context }) =>
  recordUpgrade(context, event, "KCBatchPayouts"),
);
