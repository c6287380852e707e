// The KC token: balances, transfers, approvals, the supply cap, and its
// administration.
import { ponder } from "ponder:registry";
import schema from "ponder:schema";

import { recordPause, recordRoleChange, recordUpgrade } from "./admin.ts";
import { eventRow, recordStats, touchAccount } from "./records.ts";

// The chain row lets a later start tell whether this database was indexed
// from the chain it is now pointed at (see lib/postgres-state.ts).
ponder.on("KatyCoin:setup", async ({ context }) => {
  const genesis = await context.client.getBlock({ blockNumber: 0n });

  await context.db
    .insert(schema.chain)
    .values({ id: context.chain.id, genesisHash: genesis.hash })
    .onConflictDoNothing();
});

ponder.on("KatyCoin:Transfer", async ({ event, context }) => {
  const { from, to, value } = event.args;

  await context.db.insert(schema.transfer).values({
    ...(await eventRow(context, event)),
    token: event.log.address,
    from,
    to,
    amount: value,
  });

  await touchAccount(context, event, from, { balanceDelta: -value, transfersSent: 1 });
  await touchAccount(context, event, to, { balanceDelta: value, transfersReceived: 1 });
  await recordStats(context, event, {
    contract: event.log.address,
    volume: value,
    fees: 0n,
    accounts: [from, to],
  });
});

ponder.on("KatyCoin:Approval", async ({ event, context }) => {
  const { owner, spender, value } = event.args;

  await context.db.insert(schema.approval).values({
    ...(await eventRow(context, event)),
    token: event.log.address,
    owner,
    spender,
    amount: value,
  });

  await touchAccount(context, event, owner);
});

ponder.on("KatyCoin:SupplyCapUpdated", async ({ event, context }) => {
  await context.db.insert(schema.capChange).values({
    ...(await eventRow(context, event)),
    token: event.log.address,
    previousCap: event.args.previousCap,
    newCap: event.args.newCap,
  });
});

ponder.on("KatyCoin:RoleGranted", ({ event, context }) => recordRoleChange(context, event, true));
ponder.on("KatyCoin:RoleRevoked", ({ event, context }) => recordRoleChange(context, event, false));
ponder.on("KatyCoin:Paused", ({ event, context }) => recordPause(context, event, true));
ponder.on("KatyCoin:Unpaused", ({ event, context }) => recordPause(context, event, false));
ponder.on("KatyCoin:Upgraded", ({ event, context }) => recordUpgrade(context, event, "KatyCoin"));
