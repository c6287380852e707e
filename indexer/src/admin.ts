// Administration events that every KC contract emits through OpenZeppelin's
// bases: role changes, pausing and ERC-1967 upgrades.
import type { Context } from "ponder:registry";
import schema from "ponder:schema";

import { eventRow, type EventLike } from "./records.ts";

export async function recordRoleChange(
  context: Context,
  event: EventLike & {
    log: { address: `0x${string}` };
    args: { role: `0x${string}`; account: `0x${string}`; sender: `0x${string}` };
  },
  granted: boolean,
): Promise<void> {
  await context.db.insert(schema.roleChange).values({
    ...(await eventRow(context, event)),
    contract: event.log.address,
    role: event.args.role,
    account: event.args.account,
    sender: event.args.sender,
    granted,
  });
}

export async function recordPause(
  context: Context,
  event: EventLike & { log: { address: `0x${string}` }; args: { account: `0x${string}` } },
  paused: boolean,
): Promise<void> {
  await context.db.insert(schema.pause).values({
    ...(await eventRow(context, event)),
    contract: event.log.address,
    paused,
    account: event.args.account,
  });
}

export async function recordUpgrade(
  context: Context,
  event: EventLike & { log: { address: `0x${string}` }; args: { implementation: `0x${string}` } },
  contractName: string,
): Promise<void> {
  await context.db.insert(schema.upgrade).values({
    ...(await eventRow(context, event)),
    proxy: event.log.address,
    contractName,
    implementation: event.args.implementation,
  });
}
