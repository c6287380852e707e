// KCSubscriptions: plans, subscriptions, and every collection attempt.
import { ponder } from "ponder:registry";
import schema from "ponder:schema";

import { recordPause, recordRecovery, recordRoleChange, recordUpgrade } from "./admin.ts";
import { eventRow, recordStats, touchAccount } from "./records.ts";

// The CollectionFailure enum of IKCSubscriptions, by its index.
const FAILURES = ["insufficient-balance", "insufficient-allowance"] as const;

ponder.on("KCSubscriptions:PlanCreated", async ({ event, context }) => {
  await eventRow(context, event);
  await context.db.insert(schema.plan).values({
    id: event.args.planId,
    contract: event.log.address,
    merchant: event.args.merchant,
    amount: event.args.amount,
    period: BigInt(event.args.period),
    active: true,
    createdAtBlock: event.block.number,
  });
  await touchAccount(context, event, event.args.merchant);
});

ponder.on("KCSubscriptions:PlanRetired", async ({ event, context }) => {
  await eventRow(context, event);
  await context.db
    .update(schema.plan, { id: event.args.planId })
    .set({ active: false, retiredAtBlock: event.block.number });
});

ponder.on("KCSubscriptions:SubscriptionCreated", async ({ event, context }) => {
  await eventRow(context, event);
  await context.db.insert(schema.subscription).values({
    id: event.args.subscriptionId,
    planId: event.args.planId,
    subscriber: event.args.subscriber,
    status: "active",
    startedAt: BigInt(event.args.startedAt),
    collectedCount: 0,
    failedCount: 0,
    totalCollected: 0n,
  });
  await touchAccount(context, event, event.args.subscriber);
});

ponder.on("KCSubscriptions:SubscriptionCollected", async ({ event, context }) => {
  const { subscriptionId, subscriber, merchant, amount, periodStart, periodsSkipped, nextDueAt } =
    event.args;

  await context.db.insert(schema.collection).values({
    ...(await eventRow(context, event)),
    subscriptionId,
    subscriber,
    success: true,
    amount,
    periodStart: BigInt(periodStart),
    periodsSkipped: BigInt(periodsSkipped),
    nextDueAt: BigInt(nextDueAt),
  });
  await context.db.update(schema.subscription, { id: subscriptionId }).set((row) => ({
    collectedCount: row.collectedCount + 1,
    totalCollected: row.totalCollected + amount,
    nextDueAt: BigInt(nextDueAt),
  }));

  await touchAccount(context, event, subscriber, { paymentsSent: 1 });
  await touchAccount(context, event, merchant, { paymentsReceived: 1 });
  await recordStats(context, event, {
    contract: event.log.address,
    volume: amount,
    fees: 0n,
    accounts: [subscriber, merchant],
  });
});

ponder.on("KCSubscriptions:SubscriptionCollectionFailed", async ({ event, context }) => {
  const { subscriptionId, subscriber, reason, amount, available } = event.args;

  await context.db.insert(schema.collection).values({
    ...(await eventRow(context, event)),
    subscriptionId,
    subscriber,
    success: false,
    amount,
    failureReason: FAILURES[reason] ?? "insufficient-balance",
    available,
  });
  await context.db
    .update(schema.subscription, { id: subscriptionId })
    .set((row) => ({ failedCount: row.failedCount + 1 }));
});

ponder.on("KCSubscriptions:SubscriptionCancelled", async ({ event, context }) => {
  await eventRow(context, event);
  await context.db
    .update(schema.subscription, { id: event.args.subscriptionId })
    .set({ status: "cancelled", cancelledAtBlock: event.block.number });
});

ponder.on("KCSubscriptions:RoleGranted", ({ event, context }) =>
  recordRoleChange(context, event, true),
);
ponder.on("KCSubscriptions:RoleRevoked", ({ event, context }) =>
  recordRoleChange(context, event, false),
);
ponder.on("KCSubscriptions:Paused", ({ event, context }) => recordPause(context, event, true));
ponder.on("KCSubscriptions:Unpaused", ({ event, context }) => recordPause(context, event, false));
ponder.on("KCSubscriptions:TokensRecovered", ({ event, context }) =>
  recordRecovery(context, event),
);
ponder.on("KCSubscriptions:Upgraded", ({ event, context }) =>
  recordUpgrade(context, event, "KCSubscriptions"),
);
