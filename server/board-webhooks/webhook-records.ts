// Hookboard's record of a board webhook, whoever makes it (the board view with the account's OAuth
// token, the CLI with a personal token, or a user pasting the URL into the board's Webhooks recipe).
// The row and its receiving URL exist before monday is asked to create the webhook, because monday
// POSTs the challenge to that URL before it answers.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../db/client.ts";
import { webhookHealth, type WebhookHealth } from "./webhook-health.ts";
import type { BoardWebhookEvent, WebhookConfig } from "./webhook-events.ts";
import { newUrlToken, webhookUrl } from "./webhook-url.ts";

/**
 * How a webhook was made, which decides what monday signs: `oauth` (the app's OAuth token: every
 * delivery carries a JWT), `personal_token` (a personal API token: no JWT), `recipe` (pasted into the
 * board's Webhooks recipe: no JWT, and monday is never asked about it).
 */
export type WebhookOrigin = "oauth" | "personal_token" | "recipe";

/** States of a webhook that is (or may be) at monday, shown in the board view and receiving. */
export const LIVE_STATES = ["pending", "active", "missing"];

export interface WebhookRow {
  id: string;
  accountId: string;
  boardId: string;
  event: string;
  config: string | null;
  urlToken: string;
  createdAt: Date;
  state: string;
  origin: string;
  mondayWebhookId: string | null;
  createdByUserId: string | null;
  repairAttemptedAt: Date | null;
  repairError: string | null;
}

export interface BoardWebhookView {
  id: string;
  boardId: string;
  event: string;
  config: Record<string, unknown> | null;
  createdAt: string;
  /** pending | active | missing */
  state: string;
  mondayWebhookId: string | null;
  health: WebhookHealth;
  origin: WebhookOrigin;
  /** whether monday signs its deliveries (a JWT with the app's Signing Secret) */
  signed: boolean;
  /** the receiving URL, for webhooks people paste into the board's Webhooks recipe (null otherwise) */
  url: string | null;
  /** the last time auto-repair tried to recreate it, and why that failed (null when it did not) */
  repair: { attemptedAt: string; error: string | null } | null;
}

export interface NewWebhookRecord {
  accountId: string;
  boardId: string;
  event: BoardWebhookEvent | string;
  config: WebhookConfig | null;
  origin: WebhookOrigin;
  createdByUserId: string | null;
}

/** Records a webhook with a fresh receiving URL: `pending` until monday created it, `active` for a recipe's. */
export async function recordWebhook(prisma: PrismaClient, publicUrl: string, input: NewWebhookRecord): Promise<{ row: WebhookRow; url: string }> {
  const urlToken = newUrlToken();
  const url = webhookUrl(publicUrl, urlToken);
  const row = await prisma.boardWebhook.create({
    data: {
      id: randomUUID(),
      accountId: input.accountId,
      boardId: input.boardId,
      event: input.event,
      config: input.config ? JSON.stringify(input.config) : null,
      urlToken,
      state: input.origin === "recipe" ? "active" : "pending",
      viaOAuth: input.origin === "oauth",
      origin: input.origin,
      createdByUserId: input.createdByUserId,
    },
  });
  return { row, url };
}

/** monday created it: it receives from now on (unless an uninstall processed meanwhile made it inactive). */
export async function markCreated(prisma: PrismaClient, id: string, mondayWebhookId: string): Promise<void> {
  await prisma.boardWebhook.updateMany({ where: { id, state: "pending" }, data: { mondayWebhookId, state: "active" } });
}

/** monday refused to create it: it is not listed and its URL answers 410. */
export async function markFailed(prisma: PrismaClient, id: string): Promise<void> {
  await prisma.boardWebhook.updateMany({ where: { id, state: "pending" }, data: { state: "failed" } });
}

export function originOf(row: Pick<WebhookRow, "origin">): WebhookOrigin {
  return row.origin === "personal_token" || row.origin === "recipe" ? row.origin : "oauth";
}

export async function webhookView(prisma: PrismaClient, row: WebhookRow, options: { publicUrl: string; silentAfterMs: number }): Promise<BoardWebhookView> {
  const origin = originOf(row);
  return {
    id: row.id,
    boardId: row.boardId,
    event: row.event,
    config: row.config ? (JSON.parse(row.config) as Record<string, unknown>) : null,
    createdAt: row.createdAt.toISOString(),
    state: row.state,
    mondayWebhookId: row.mondayWebhookId,
    health: await webhookHealth(prisma, row, options.silentAfterMs),
    origin,
    signed: origin === "oauth",
    url: origin === "recipe" ? webhookUrl(options.publicUrl, row.urlToken) : null,
    repair: row.repairAttemptedAt ? { attemptedAt: row.repairAttemptedAt.toISOString(), error: row.repairError } : null,
  };
}
