// KCEscrow: each escrow's current state, and every step of its history.
import { ponder, type Context } from "ponder:registry";
import schema, { type EscrowStatus } from "ponder:schema";

import { recordPause, recordRecovery, recordRoleChange, recordUpgrade } from "./admin.ts";
import { eventRow, recordStats, touchAccount, type EventLike } from "./records.ts";

ponder.on("KCEscrow:EscrowCreated", async ({ event, context }) => {
  const { escrowId, payer, payee, arbiter, amount, deadline, ref } = event.args;

  await context.db.insert(schema.escrow).values({
    id: escrowId,
    contract: event.log.address,
    payer,
    payee,
    arbiter,
    amount,
    deadline: BigInt(deadline),
    reference: ref,
    status: "open",
    paidToPayee: 0n,
    returnedToPayer: 0n,
    createdAtBlock: event.block.number,
    createdAt: event.block.timestamp,
    updatedAtBlock: event.block.number,
  });
  await context.db.insert(schema.escrowEvent).values({
    ...(await eventRow(context, event)),
    escrowId,
    kind: "created",
    actor: payer,
    toPayee: 0n,
    toPayer: 0n,
  });

  await touchAccount(context, event, payer);
  await touchAccount(context, event, payee);
  await recordStats(context, event, {
    contract: event.log.address,
    volume: amount,
    fees: 0n,
    accounts: [payer, payee],
  });
});

/** Moves an escrow to `status` and appends the step to its history. */
async function step(
  context: Context,
  event: EventLike & { args: { escrowId: bigint } },
  status: EscrowStatus,
  actor: `0x${string}`,
  toPayee: bigint,
  toPayer: bigint,
): Promise<void> {
  await context.db.update(schema.escrow, { id: event.args.escrowId }).set((row) => ({
    status,
    paidToPayee: row.paidToPayee + toPayee,
    returnedToPayer: row.returnedToPayer + toPayer,
    updatedAtBlock: event.block.number,
  }));
  await context.db.insert(schema.escrowEvent).values({
    ...(await eventRow(context, event)),
    escrowId: event.args.escrowId,
    kind: status,
    actor,
    toPayee,
    toPayer,
  });
}

ponder.on("KCEscrow:EscrowReleased", ({ event, context }) =>
  step(context, event, "released", event.args.payee, event.args.amount, 0n),
);
ponder.on("KCEscrow:EscrowRefunded", ({ event, context }) =>
  step(context, event, "refunded", event.args.payer, 0n, event.args.amount),
);
ponder.on("KCEscrow:EscrowReclaimed", ({ event, context }) =>
  step(context, event, "reclaimed", event.args.payer, 0n, event.args.amount),
);
ponder.on("KCEscrow:EscrowDisputed", ({ event, context }) =>
  step(context, event, "disputed", event.args.disputedBy, 0n, 0n),
);
ponder.on("KCEscrow:EscrowSettled", ({ event, context }) =>
  step(context, event, "settled", event.args.arbiter, event.args.toPayee, event.args.toPayer),
);

ponder.on("KCEscrow:RoleGranted", ({ event, context }) => recordRoleChange(context, event, true));
ponder.on("KCEscrow:RoleRevoked", ({ event, context }) => recordRoleChange(context, event, false));
ponder.on("KCEscrow:Paused", ({ event, context }) => recordPause(context, event, true));
ponder.on("KCEscrow:Unpaused", ({ event, context }) => recordPause(context, event, false));
ponder.on("KCEscrow:TokensRecovered", ({ event, context }) => recordRecovery(context, event));
ponder.on("KCEscrow:Upgraded", ({ event, context }) => recordUpgrade(context, event, "KCEscrow"));
