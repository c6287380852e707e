// Administration events that every KC contract emits through OpenZeppelin's
// bases (role changes, pausing, ERC-1967 upgrades), and the payment
// contracts' recovery of tokens sent to them by mistake.
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

export async function recordRecovery(
  context: Context,
  event: EventLike & {
    log: { address: `0x${string}` };
    args: { asset: `0x${string}`; to: `0x${string}`; amount: bigint; sender: `0x${string}` };
  },
): Promise<void> {
  await context.db.insert(schema.recoveryEvent).values({
    ...(await eventRow(context, event)),
    contract: event.log.address,
    asset: event.args.asset,
    to: event.args.to,
    amount: event.args.amount,
    sender: event.args.sender,
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
