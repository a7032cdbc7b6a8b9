// Applies one stored app lifecycle delivery: account, install and subscription state move only to
// a newer event (see order-key.ts), and the event enters the account's timeline once.
import { Prisma, type Tx } from "../db/client.ts";
import type { ClaimedDelivery } from "../inbox/delivery.ts";
import type { DeliveryHandler } from "../inbox/worker.ts";
import type { Logger } from "../log/logger.ts";
import { isKnownLifecycleType, lifecycleBodySchema, type LifecycleBody } from "./events.ts";
import { orderKey } from "./order-key.ts";
import { affectsSubscription, statusAfter } from "./subscription-status.ts";

export interface LifecycleHooks {
  /** runs inside the transaction when an uninstall becomes the account's current install state */
  onUninstalled?: (accountId: string, ctx: { tx: Tx; log: Logger }) => Promise<void>;
}

const later = (a: string, b: string) => Prisma.sql`CASE WHEN ${Prisma.raw(a)} IS NULL THEN ${Prisma.raw(b)} WHEN ${Prisma.raw(b)} IS NULL THEN ${Prisma.raw(a)} WHEN ${Prisma.raw(a)} > ${Prisma.raw(b)} THEN ${Prisma.raw(a)} ELSE ${Prisma.raw(b)} END`;

function dateOrNull(value: string | null | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function versionOf(body: LifecycleBody): string | null {
  const v = body.data.version_data;
  if (!v || typeof v.major !== "number") return null;
  return `${v.major}.${v.minor ?? 0}.${v.patch ?? 0}`;
}

async function applyAccount(tx: Tx, body: LifecycleBody, key: string, now: Date) {
  const d = body.data;
  await tx.$executeRaw`
    INSERT INTO accounts (id, name, slug, tier, max_users, country, order_key, created_at, updated_at)
    VALUES (${d.account_id}, ${d.account_name ?? null}, ${d.account_slug ?? null}, ${d.account_tier ?? null}, ${d.account_max_users ?? null}, ${d.user_country ?? null}, ${key}, ${now}, ${now})
    ON CONFLICT (id) DO UPDATE SET
      name = excluded.name, slug = excluded.slug, tier = excluded.tier, max_users = excluded.max_users,
      country = excluded.country, order_key = excluded.order_key, updated_at = excluded.updated_at
    WHERE accounts.order_key < excluded.order_key`;
}

async function applyInstall(tx: Tx, body: LifecycleBody, key: string, occurredAt: Date) {
  const installed = body.type === "install";
  await tx.$executeRaw`
    INSERT INTO installs (account_id, status, app_version, installed_at, uninstalled_at, order_key)
    VALUES (${body.data.account_id}, ${installed ? "installed" : "uninstalled"}, ${installed ? versionOf(body) : null},
            ${installed ? occurredAt : null}, ${installed ? null : occurredAt}, ${key})
    ON CONFLICT (account_id) DO UPDATE SET
      status = CASE WHEN installs.order_key < excluded.order_key THEN excluded.status ELSE installs.status END,
      app_version = CASE WHEN excluded.app_version IS NOT NULL AND (installs.installed_at IS NULL OR excluded.installed_at > installs.installed_at)
                         THEN excluded.app_version ELSE installs.app_version END,
      installed_at = ${later("installs.installed_at", "excluded.installed_at")},
      uninstalled_at = ${later("installs.uninstalled_at", "excluded.uninstalled_at")},
      order_key = CASE WHEN installs.order_key < excluded.order_key THEN excluded.order_key ELSE installs.order_key END`;
}

async function applySubscription(tx: Tx, body: LifecycleBody, key: string, occurredAt: Date) {
  const sub = body.data.subscription ?? null;
  await tx.$executeRaw`
    INSERT INTO subscriptions (account_id, plan_id, is_trial, billing_period, renewal_date, days_left, pricing_version, status, last_event_type, occurred_at, order_key)
    VALUES (${body.data.account_id}, ${sub?.plan_id ?? null}, ${sub?.is_trial === true}, ${sub?.billing_period ?? null},
            ${dateOrNull(sub?.renewal_date)}, ${sub?.days_left ?? null}, ${sub?.pricing_version ?? null},
            ${statusAfter(body.type, sub)}, ${body.type}, ${occurredAt}, ${key})
    ON CONFLICT (account_id) DO UPDATE SET
      plan_id = excluded.plan_id, is_trial = excluded.is_trial, billing_period = excluded.billing_period,
      renewal_date = excluded.renewal_date, days_left = excluded.days_left, pricing_version = excluded.pricing_version,
      status = excluded.status, last_event_type = excluded.last_event_type, occurred_at = excluded.occurred_at,
      order_key = excluded.order_key
    WHERE subscriptions.order_key < excluded.order_key`;
}

export function lifecycleHandler(hooks: LifecycleHooks = {}): DeliveryHandler {
  return async (delivery: ClaimedDelivery, { commit, log }) => {
    // the route validated the body before storing it; a failure here is a bug worth retrying after a fix
    const body = lifecycleBodySchema.parse(JSON.parse(delivery.payload));
    const occurredAt = new Date(body.data.timestamp);
    const key = orderKey(occurredAt, body.type, delivery.idempotencyKey);
    const known = isKnownLifecycleType(body.type);
    await commit(async (tx) => {
      const now = new Date();
      await applyAccount(tx, body, key, now);
      if (body.type === "install" || body.type === "uninstall") await applyInstall(tx, body, key, occurredAt);
      if (known && affectsSubscription(body.type)) await applySubscription(tx, body, key, occurredAt);
      await tx.lifecycleEvent.create({
        data: {
          id: delivery.id,
          deliveryId: delivery.id,
          accountId: body.data.account_id,
          type: body.type,
          occurredAt,
          receivedAt: delivery.receivedAt,
          planId: body.data.subscription?.plan_id ?? null,
          orderKey: key,
        },
      });
      if (body.type === "uninstall" && hooks.onUninstalled) {
        const install = await tx.install.findUnique({ where: { accountId: body.data.account_id } });
        if (install?.orderKey === key) await hooks.onUninstalled(body.data.account_id, { tx, log });
      }
    });
    // never the subscription itself: it is confidential under monday's terms
    log.info({ accountId: body.data.account_id, event: body.type, known }, "app lifecycle event applied");
  };
}
