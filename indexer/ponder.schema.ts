// The indexed tables. Names are chosen for how GraphQL reads them:
// `account(address) { transfersSent { items { amount } } }`,
// `transfers(where: { from: "0x…" }, orderBy: "blockNumber")`.
//
// Every event row carries the block number, hash and timestamp it came from
// and the transaction and log index that identify it (`id` is Ponder's
// event id, unique per log). The `block` table lists every block that wrote a
// row: the reorg guard compares it with the chain (see lib/reorg-guard.ts).
import { index, onchainTable, relations, type PgColumnsBuilders } from "ponder";

/** Where and when an event happened; shared by every event table. */
const eventColumns = (t: PgColumnsBuilders) => ({
  id: t.text().primaryKey(),
  blockNumber: t.bigint().notNull(),
  blockHash: t.hex().notNull(),
  timestamp: t.bigint().notNull(),
  transactionHash: t.hex().notNull(),
  logIndex: t.integer().notNull(),
});

// -- chain and blocks ------------------------------------------------------

/** The chain this database was indexed from; one row. Checked before every start. */
export const chain = onchainTable("chain", (t) => ({
  id: t.integer().primaryKey(),
  genesisHash: t.hex().notNull(),
}));

/** Every block that wrote at least one row, with the hash it had when indexed. */
export const block = onchainTable("block", (t) => ({
  number: t.bigint().primaryKey(),
  hash: t.hex().notNull(),
  timestamp: t.bigint().notNull(),
}));

// -- accounts and the token ------------------------------------------------

/** A holder of KC or a party to a payment; created by its first activity. */
export const account = onchainTable("account", (t) => ({
  address: t.hex().primaryKey(),
  balance: t.bigint().notNull(),
  transfersSentCount: t.integer().notNull(),
  transfersReceivedCount: t.integer().notNull(),
  paymentsSentCount: t.integer().notNull(),
  paymentsReceivedCount: t.integer().notNull(),
  firstActivityBlock: t.bigint().notNull(),
  firstActivityAt: t.bigint().notNull(),
  lastActivityBlock: t.bigint().notNull(),
  lastActivityAt: t.bigint().notNull(),
}));

export const transfer = onchainTable(
  "transfer",
  (t) => ({
    ...eventColumns(t),
    token: t.hex().notNull(),
    from: t.hex().notNull(),
    to: t.hex().notNull(),
    amount: t.bigint().notNull(),
  }),
  (table) => ({
    fromIndex: index().on(table.from),
    toIndex: index().on(table.to),
    blockIndex: index().on(table.blockNumber),
  }),
);

export const approval = onchainTable(
  "approval",
  (t) => ({
    ...eventColumns(t),
    token: t.hex().notNull(),
    owner: t.hex().notNull(),
    spender: t.hex().notNull(),
    amount: t.bigint().notNull(),
  }),
  (table) => ({ ownerIndex: index().on(table.owner) }),
);

/** SupplyCapUpdated on the token. */
export const capChange = onchainTable("cap_change", (t) => ({
  ...eventColumns(t),
  token: t.hex().notNull(),
  previousCap: t.bigint().notNull(),
  newCap: t.bigint().notNull(),
}));

// -- administration of every contract --------------------------------------

/** RoleGranted (granted = true) and RoleRevoked (granted = false). */
export const roleChange = onchainTable(
  "role_change",
  (t) => ({
    ...eventColumns(t),
    contract: t.hex().notNull(),
    role: t.hex().notNull(),
    account: t.hex().notNull(),
    sender: t.hex().notNull(),
    granted: t.boolean().notNull(),
  }),
  (table) => ({ contractIndex: index().on(table.contract) }),
);

/** Paused (paused = true) and Unpaused (paused = false). */
export const pause = onchainTable("pause", (t) => ({
  ...eventColumns(t),
  contract: t.hex().notNull(),
  paused: t.boolean().notNull(),
  account: t.hex().notNull(),
}));

/**
 * TokensRecovered of a payment contract: tokens sent to its address by
 * mistake, sent on by its admin (`asset` is the token, KC or another).
 */
export const recoveryEvent = onchainTable(
  "recovery_event",
  (t) => ({
    ...eventColumns(t),
    contract: t.hex().notNull(),
    asset: t.hex().notNull(),
    to: t.hex().notNull(),
    amount: t.bigint().notNull(),
    sender: t.hex().notNull(),
  }),
  (table) => ({ contractIndex: index().on(table.contract) }),
);

/** ERC-1967 Upgraded of each proxy, the deployment's first one included. */
export const upgrade = onchainTable(
  "upgrade",
  (t) => ({
    ...eventColumns(t),
    proxy: t.hex().notNull(),
    contractName: t.text().notNull(),
    implementation: t.hex().notNull(),
  }),
  (table) => ({ proxyIndex: index().on(table.proxy) }),
);

// -- payments (KCPayments) -------------------------------------------------

/** A payment through KCPayments: a direct `pay` or a paid request (requestId set). */
export const payment = onchainTable(
  "payment",
  (t) => ({
    ...eventColumns(t),
    contract: t.hex().notNull(),
    payer: t.hex().notNull(),
    payee: t.hex().notNull(),
    reference: t.hex().notNull(),
    gross: t.bigint().notNull(),
    fee: t.bigint().notNull(),
    net: t.bigint().notNull(),
    treasury: t.hex().notNull(),
    memo: t.text().notNull(),
    requestId: t.bigint(),
  }),
  (table) => ({
    payerIndex: index().on(table.payer),
    payeeIndex: index().on(table.payee),
    referenceIndex: index().on(table.reference),
  }),
);

/**
 * A payment request. `status` is what events said: open, paid or cancelled.
 * An open request past `expiresAt` can no longer be paid; no event marks
 * that, so readers compare `expiresAt` with the time themselves.
 */
export const paymentRequest = onchainTable("payment_request", (t) => ({
  id: t.bigint().primaryKey(),
  contract: t.hex().notNull(),
  payee: t.hex().notNull(),
  payer: t.hex().notNull(),
  amount: t.bigint().notNull(),
  expiresAt: t.bigint().notNull(),
  reference: t.hex().notNull(),
  status: t.text().$type<"open" | "paid" | "cancelled">().notNull(),
  createdAtBlock: t.bigint().notNull(),
  createdAt: t.bigint().notNull(),
  closedAtBlock: t.bigint(),
}));

/** FeeUpdated and TreasuryUpdated on KCPayments. */
export const feeChange = onchainTable("fee_change", (t) => ({
  ...eventColumns(t),
  contract: t.hex().notNull(),
  previousFeeBps: t.integer().notNull(),
  newFeeBps: t.integer().notNull(),
}));

export const treasuryChange = onchainTable("treasury_change", (t) => ({
  ...eventColumns(t),
  contract: t.hex().notNull(),
  previousTreasury: t.hex().notNull(),
  newTreasury: t.hex().notNull(),
}));

// -- escrows (KCEscrow) -----------------------------------------------------

export type EscrowStatus = "open" | "disputed" | "released" | "refunded" | "reclaimed" | "settled";

/** An escrow's current state; its history is in `escrowEvent`. */
export const escrow = onchainTable(
  "escrow",
  (t) => ({
    id: t.bigint().primaryKey(),
    contract: t.hex().notNull(),
    payer: t.hex().notNull(),
    payee: t.hex().notNull(),
    arbiter: t.hex().notNull(),
    amount: t.bigint().notNull(),
    deadline: t.bigint().notNull(),
    reference: t.hex().notNull(),
    status: t.text().$type<EscrowStatus>().notNull(),
    paidToPayee: t.bigint().notNull(),
    returnedToPayer: t.bigint().notNull(),
    createdAtBlock: t.bigint().notNull(),
    createdAt: t.bigint().notNull(),
    updatedAtBlock: t.bigint().notNull(),
  }),
  (table) => ({ payerIndex: index().on(table.payer), payeeIndex: index().on(table.payee) }),
);

/** Every step of an escrow: created, disputed, released, refunded, reclaimed, settled. */
export const escrowEvent = onchainTable(
  "escrow_event",
  (t) => ({
    ...eventColumns(t),
    escrowId: t.bigint().notNull(),
    kind: t.text().$type<"created" | "disputed" | EscrowStatus>().notNull(),
    actor: t.hex().notNull(),
    toPayee: t.bigint().notNull(),
    toPayer: t.bigint().notNull(),
  }),
  (table) => ({ escrowIndex: index().on(table.escrowId) }),
);

// -- batch payouts (KCBatchPayouts) -------------------------------------------

export const batchPayout = onchainTable("batch_payout", (t) => ({
  ...eventColumns(t),
  id: t.bigint().primaryKey(),
  contract: t.hex().notNull(),
  sender: t.hex().notNull(),
  reference: t.hex().notNull(),
  mode: t.text().$type<"atomic" | "partial">().notNull(),
  itemCount: t.integer().notNull(),
  paidCount: t.integer().notNull(),
  paidTotal: t.bigint().notNull(),
}));

/** One line of a batch: paid (PayoutSent) or failed (PayoutFailed, with the revert data). */
export const batchPayoutItem = onchainTable(
  "batch_payout_item",
  (t) => ({
    ...eventColumns(t),
    batchId: t.bigint().notNull(),
    index: t.integer().notNull(),
    recipient: t.hex().notNull(),
    amount: t.bigint().notNull(),
    paid: t.boolean().notNull(),
    failureReason: t.hex(),
  }),
  (table) => ({ batchIndex: index().on(table.batchId) }),
);

// -- subscriptions (KCSubscriptions) ----------------------------------------

export const plan = onchainTable("plan", (t) => ({
  id: t.bigint().primaryKey(),
  contract: t.hex().notNull(),
  merchant: t.hex().notNull(),
  amount: t.bigint().notNull(),
  period: t.bigint().notNull(),
  active: t.boolean().notNull(),
  createdAtBlock: t.bigint().notNull(),
  retiredAtBlock: t.bigint(),
}));

export const subscription = onchainTable(
  "subscription",
  (t) => ({
    id: t.bigint().primaryKey(),
    planId: t.bigint().notNull(),
    subscriber: t.hex().notNull(),
    status: t.text().$type<"active" | "cancelled">().notNull(),
    startedAt: t.bigint().notNull(),
    nextDueAt: t.bigint(),
    collectedCount: t.integer().notNull(),
    failedCount: t.integer().notNull(),
    totalCollected: t.bigint().notNull(),
    cancelledAtBlock: t.bigint(),
  }),
  (table) => ({ subscriberIndex: index().on(table.subscriber) }),
);

/** One collection attempt: successful (amount moved) or failed (with the reason). */
export const collection = onchainTable(
  "collection",
  (t) => ({
    ...eventColumns(t),
    subscriptionId: t.bigint().notNull(),
    subscriber: t.hex().notNull(),
    success: t.boolean().notNull(),
    amount: t.bigint().notNull(),
    periodStart: t.bigint(),
    periodsSkipped: t.bigint(),
    nextDueAt: t.bigint(),
    failureReason: t.text().$type<"insufficient-balance" | "insufficient-allowance">(),
    available: t.bigint(),
  }),
  (table) => ({ subscriptionIndex: index().on(table.subscriptionId) }),
);

// -- statistics -------------------------------------------------------------

// Hourly and daily figures per contract. `periodStart` is the Unix time the
// hour or day begins (UTC). For the token, volume is the amount transferred
// and fees are zero; for payments, volume is the gross and fees the fee.
const statColumns = (t: PgColumnsBuilders) => ({
  id: t.text().primaryKey(),
  contract: t.hex().notNull(),
  periodStart: t.bigint().notNull(),
  volume: t.bigint().notNull(),
  count: t.integer().notNull(),
  fees: t.bigint().notNull(),
  activeAccounts: t.integer().notNull(),
});

export const hourlyStat = onchainTable("hourly_stat", statColumns, (table) => ({
  contractIndex: index().on(table.contract, table.periodStart),
}));

export const dailyStat = onchainTable("daily_stat", statColumns, (table) => ({
  contractIndex: index().on(table.contract, table.periodStart),
}));

/** Which accounts were already counted in a statistics row (keeps the count distinct). */
export const statAccount = onchainTable("stat_account", (t) => ({
  id: t.text().primaryKey(),
}));

// -- relations (what GraphQL can follow) ------------------------------------

export const accountRelations = relations(account, ({ many }) => ({
  transfersSent: many(transfer, { relationName: "sender" }),
  transfersReceived: many(transfer, { relationName: "recipient" }),
  approvalsGiven: many(approval),
  paymentsSent: many(payment, { relationName: "payer" }),
  paymentsReceived: many(payment, { relationName: "payee" }),
}));

export const transferRelations = relations(transfer, ({ one }) => ({
  sender: one(account, {
    fields: [transfer.from],
    references: [account.address],
    relationName: "sender",
  }),
  recipient: one(account, {
    fields: [transfer.to],
    references: [account.address],
    relationName: "recipient",
  }),
  block: one(block, { fields: [transfer.blockNumber], references: [block.number] }),
}));

export const paymentRelations = relations(payment, ({ one }) => ({
  payerAccount: one(account, {
    fields: [payment.payer],
    references: [account.address],
    relationName: "payer",
  }),
  payeeAccount: one(account, {
    fields: [payment.payee],
    references: [account.address],
    relationName: "payee",
  }),
  request: one(paymentRequest, { fields: [payment.requestId], references: [paymentRequest.id] }),
}));

export const escrowRelations = relations(escrow, ({ many }) => ({
  history: many(escrowEvent),
}));

export const escrowEventRelations = relations(escrowEvent, ({ one }) => ({
  escrow: one(escrow, { fields: [escrowEvent.escrowId], references: [escrow.id] }),
}));

export const batchPayoutRelations = relations(batchPayout, ({ many }) => ({
  items: many(batchPayoutItem),
}));

export const batchPayoutItemRelations = relations(batchPayoutItem, ({ one }) => ({
  batch: one(batchPayout, {
    fields: [batchPayoutItem.batchId],
    references: [batchPayout.id],
  }),
}));

export const planRelations = relations(plan, ({ many }) => ({
  subscriptions: many(subscription),
}));

export const subscriptionRelations = relations(subscription, ({ one, many }) => ({
  plan: one(plan, { fields: [subscription.planId], references: [plan.id] }),
  collections: many(collection),
}));

export const collectionRelations = relations(collection, ({ one }) => ({
  subscription: one(subscription, {
    fields: [collection.subscriptionId],
    references: [subscription.id],
  }),
}));

export const approvalRelations = relations(approval, ({ one }) => ({
  ownerAccount: one(account, { fields: [approval.owner], references: [account.address] }),
}));
