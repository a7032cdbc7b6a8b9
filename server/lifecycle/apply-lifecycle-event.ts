// Applies stored app lifecycle deliveries: account, install and subscription state move only to a
// newer event (see order-key.ts), and each event enters the account's timeline once.
//
// Several deliveries are applied together in one transaction when the worker has a batch: per
// account, only the newest candidate of each kind can win, so a batch is first reduced to one row
// per account and table, then written with one conditional upsert per table. Applying a batch and
// applying its events one by one, in any order, end in the same state.
import { Prisma, type Tx } from "../db/client.ts";
import type { ClaimedDelivery } from "../inbox/delivery.ts";
import type { Logger } from "../log/logger.ts";
import { isKnownLifecycleType, lifecycleBodySchema, type LifecycleBody } from "./events.ts";
import { versionOf } from "./lifecycle-event.ts";
import { orderKey } from "./order-key.ts";
import { originOf, type LifecycleOrigin } from "./origin.ts";
import { affectsSubscription, statusAfter } from "./subscription-status.ts";

/** A stored app lifecycle delivery read back, with its place in the order of events. */
export interface StoredLifecycleEvent {
  delivery: ClaimedDelivery;
  body: LifecycleBody;
  accountId: string;
  occurredAt: Date;
  key: string;
  known: boolean;
  /** delivered by monday, or a correction read from monday's records (server/reconcile) */
  origin: LifecycleOrigin;
}

export function storedEventOf(delivery: ClaimedDelivery): StoredLifecycleEvent {
  // the route validated the body before storing it; a failure here is a bug worth retrying after a fix
  const body = lifecycleBodySchema.parse(JSON.parse(delivery.payload));
  const occurredAt = new Date(body.data.timestamp);
  return {
    delivery,
    body,
    accountId: body.data.account_id,
    occurredAt,
    key: orderKey(occurredAt, body.type, delivery.idempotencyKey),
    known: isKnownLifecycleType(body.type),
    origin: originOf(delivery.meta),
  };
}

/** The event with the greatest order key per account, among those `pick` accepts. */
function newestPerAccount(events: StoredLifecycleEvent[], pick: (e: StoredLifecycleEvent) => boolean): StoredLifecycleEvent[] {
  const newest = new Map<string, StoredLifecycleEvent>();
  for (const e of events) {
    if (!pick(e)) continue;
    const current = newest.get(e.accountId);
    // Stryker disable next-line EqualityOperator: no two events of a batch share a key (it ends with the delivery's idempotency key, one row per key), so < and <= pick the same
    if (!current || current.key < e.key) newest.set(e.accountId, e);
  }
  return [...newest.values()];
}

const later = (a: string, b: string) =>
  Prisma.sql`CASE WHEN ${Prisma.raw(a)} IS NULL THEN ${Prisma.raw(b)} WHEN ${Prisma.raw(b)} IS NULL THEN ${Prisma.raw(a)} WHEN ${Prisma.raw(a)} > ${Prisma.raw(b)} THEN ${Prisma.raw(a)} ELSE ${Prisma.raw(b)} END`;

function dateOrNull(value: string | null | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

async function applyAccounts(tx: Tx, events: StoredLifecycleEvent[], now: Date) {
  // monday's records say nothing of the account's name, tier or country: a correction only makes sure
  // the account exists, with the lowest order key, so any delivered event fills its facts in
  // Stryker disable next-line MethodExpression,ConditionalExpression: inserting every batch's accounts this way first would change nothing (a delivered event's upsert below replaces the empty facts and order key); the filter only saves the statement's work (the test of a correction alone kills the mutants that insert none)
  const known = events.filter((e) => e.origin === "reconciled").map((e) => Prisma.sql`(${e.accountId}, '', ${now}, ${now})`);
  if (known.length) {
    await tx.$executeRaw`INSERT INTO accounts (id, order_key, created_at, updated_at) VALUES ${Prisma.join(known)} ON CONFLICT (id) DO NOTHING`;
  }
  const rows = newestPerAccount(events, (e) => e.origin === "delivered").map(
    ({ body: { data: d }, key }) =>
      Prisma.sql`(${d.account_id}, ${d.account_name ?? null}, ${d.account_slug ?? null}, ${d.account_tier ?? null}, ${d.account_max_users ?? null}, ${d.user_country ?? null}, ${key}, ${now}, ${now})`,
  );
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO accounts (id, name, slug, tier, max_users, country, order_key, created_at, updated_at)
    VALUES ${Prisma.join(rows)}
    ON CONFLICT (id) DO UPDATE SET
      name = excluded.name, slug = excluded.slug, tier = excluded.tier, max_users = excluded.max_users,
      country = excluded.country, order_key = excluded.order_key, updated_at = excluded.updated_at
    WHERE accounts.order_key < excluded.order_key`;
}

async function applyInstalls(tx: Tx, events: StoredLifecycleEvent[]) {
  const installEvents = events.filter((e) => e.body.type === "install" || e.body.type === "uninstall");
  if (installEvents.length === 0) return;
  const newest = newestPerAccount(installEvents, () => true);
  const lastInstall = new Map(newestPerAccount(installEvents, (e) => e.body.type === "install").map((e) => [e.accountId, e]));
  const lastUninstall = new Map(newestPerAccount(installEvents, (e) => e.body.type === "uninstall").map((e) => [e.accountId, e]));
  const rows = newest.map((e) => {
    const installed = lastInstall.get(e.accountId);
    const uninstalled = lastUninstall.get(e.accountId);
    return Prisma.sql`(${e.accountId}, ${e.body.type === "install" ? "installed" : "uninstalled"}, ${installed ? versionOf(installed.body) : null},
      ${installed?.occurredAt ?? null}, ${uninstalled?.occurredAt ?? null}, ${e.key})`;
  });
  await tx.$executeRaw`
    INSERT INTO installs (account_id, status, app_version, installed_at, uninstalled_at, order_key)
    VALUES ${Prisma.join(rows)}
    ON CONFLICT (account_id) DO UPDATE SET
      status = CASE WHEN installs.order_key < excluded.order_key THEN excluded.status ELSE installs.status END,
      app_version = CASE WHEN excluded.app_version IS NOT NULL AND (installs.installed_at IS NULL OR excluded.installed_at > installs.installed_at)
                         THEN excluded.app_version ELSE installs.app_version END,
      installed_at = ${later("installs.installed_at", "excluded.installed_at")},
      uninstalled_at = ${later("installs.uninstalled_at", "excluded.uninstalled_at")},
      order_key = CASE WHEN installs.order_key < excluded.order_key THEN excluded.order_key ELSE installs.order_key END`;
}

async function applySubscriptions(tx: Tx, events: StoredLifecycleEvent[]) {
  const newest = newestPerAccount(events, (e) => e.known && affectsSubscription(e.body.type));
  if (newest.length === 0) return;
  const rows = newest.map(({ body, key, occurredAt }) => {
    const sub = body.data.subscription ?? null;
    return Prisma.sql`(${body.data.account_id}, ${sub?.plan_id ?? null}, ${sub?.is_trial === true}, ${sub?.billing_period ?? null},
      ${dateOrNull(sub?.renewal_date)}, ${sub?.days_left ?? null}, ${sub?.pricing_version ?? null},
      ${statusAfter(body.type, sub)}, ${body.type}, ${occurredAt}, ${key})`;
  });
  await tx.$executeRaw`
    INSERT INTO subscriptions (account_id, plan_id, is_trial, billing_period, renewal_date, days_left, pricing_version, status, last_event_type, occurred_at, order_key)
    VALUES ${Prisma.join(rows)}
    ON CONFLICT (account_id) DO UPDATE SET
      plan_id = excluded.plan_id, is_trial = excluded.is_trial, billing_period = excluded.billing_period,
      renewal_date = excluded.renewal_date, days_left = excluded.days_left, pricing_version = excluded.pricing_version,
      status = excluded.status, last_event_type = excluded.last_event_type, occurred_at = excluded.occurred_at,
      order_key = excluded.order_key
    WHERE subscriptions.order_key < excluded.order_key`;
}

async function insertTimeline(tx: Tx, events: StoredLifecycleEvent[]) {
  const rows = events.map(
    ({ delivery, body, accountId, occurredAt, key, origin }) =>
      Prisma.sql`(${delivery.id}, ${delivery.id}, ${accountId}, ${body.type}, ${occurredAt}, ${delivery.receivedAt}, ${body.data.subscription?.plan_id ?? null}, ${key}, ${origin})`,
  );
  await tx.$executeRaw`
    INSERT INTO lifecycle_events (id, delivery_id, account_id, type, occurred_at, received_at, plan_id, order_key, origin)
    VALUES ${Prisma.join(rows)}`;
}

/** Applies events (of any accounts) in one transaction; the same state as applying them one by one, in any order. */
export async function applyLifecycleEvents(tx: Tx, events: StoredLifecycleEvent[]): Promise<void> {
  await applyAccounts(tx, events, new Date());
  await applyInstalls(tx, events);
  await applySubscriptions(tx, events);
  await insertTimeline(tx, events);
}

/** The order key of the state `e` would replace: the install state, the subscription, or the account's facts. */
async function stateKeyBefore(tx: Tx, e: StoredLifecycleEvent): Promise<string | null> {
  const where = { where: { accountId: e.accountId }, select: { orderKey: true } } as const;
  if (e.body.type === "install" || e.body.type === "uninstall") return (await tx.install.findUnique(where))?.orderKey ?? null;
  if (e.known && affectsSubscription(e.body.type)) return (await tx.subscription.findUnique(where))?.orderKey ?? null;
  return (await tx.account.findUnique({ where: { id: e.accountId }, select: { orderKey: true } }))?.orderKey ?? null;
}

/** Applies one event and says whether it was the newest of its kind (see LifecycleEvent.newest). */
export async function applyLifecycleEvent(tx: Tx, e: StoredLifecycleEvent): Promise<{ newest: boolean }> {
  const before = await stateKeyBefore(tx, e);
  await applyLifecycleEvents(tx, [e]);
  return { newest: before === null || before < e.key };
}

export function logApplied(log: Logger, events: StoredLifecycleEvent[]) {
  // never the subscription itself: it is confidential under monday's terms
  for (const e of events) {
    log.info(
      { deliveryId: e.delivery.id, requestId: e.delivery.requestId, accountId: e.accountId, event: e.body.type, known: e.known, origin: e.origin },
      "app lifecycle event applied",
    );
  }
}
