// Board events go to a URL Hookboard issued, so simulating one needs a webhook row. Without
// --webhook-url the simulator records one the way Hookboard does before it calls create_webhook
// (its own unguessable URL, `pending` until the challenge is echoed, then `active`), except that
// it is never registered at monday: it has no monday webhook id, so reconciliation leaves it alone.
// Later runs for the same account, board and event reuse it. It is listed and deleted in the
// board view like any other webhook.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../../db/client.ts";
import { createWebhookBody, type BoardWebhookEvent } from "../../board-webhooks/webhook-events.ts";
import { newUrlToken, webhookUrl } from "../../board-webhooks/webhook-url.ts";
import { SAMPLE_CONFIGS } from "./board-samples.ts";

export interface SimulatedWebhook {
  id: string;
  /** the public URL monday would POST to (the JWT's `aud`) */
  url: string;
  /** the path under the server's base URL */
  path: string;
  accountId: string;
  boardId: string;
  event: BoardWebhookEvent;
  /** recorded by this run (it starts `pending`) rather than reused */
  created: boolean;
}

export interface WebhookTarget {
  publicUrl: string;
  accountId: string;
  boardId: string;
  event: BoardWebhookEvent;
  userId: string;
}

export async function simulatedWebhookFor(prisma: PrismaClient, target: WebhookTarget): Promise<SimulatedWebhook> {
  const { publicUrl, accountId, boardId, event } = target;
  const existing = await prisma.boardWebhook.findFirst({
    where: { accountId, boardId, event, state: "active", mondayWebhookId: null },
    orderBy: { createdAt: "asc" },
  });
  const describe = (id: string, urlToken: string, created: boolean): SimulatedWebhook => {
    const url = webhookUrl(publicUrl, urlToken);
    return { id, url, path: url.slice(publicUrl.length), accountId, boardId, event, created };
  };
  if (existing) return describe(existing.id, existing.urlToken, false);

  // the same rules as POST /api/boards/:boardId/webhooks: an event that needs a config gets one
  const body = createWebhookBody.parse({ event, ...(SAMPLE_CONFIGS[event] ? { config: SAMPLE_CONFIGS[event] } : {}) });
  const row = await prisma.boardWebhook.create({
    data: {
      id: randomUUID(),
      accountId,
      boardId,
      event: body.event,
      config: body.config ? JSON.stringify(body.config) : null,
      urlToken: newUrlToken(),
      state: "pending",
      viaOAuth: true,
      createdByUserId: target.userId,
    },
  });
  return describe(row.id, row.urlToken, true);
}

/** The challenge came back: the webhook receives events (as after monday's create_webhook). */
export async function markVerified(prisma: PrismaClient, webhook: SimulatedWebhook): Promise<void> {
  if (webhook.created) await prisma.boardWebhook.updateMany({ where: { id: webhook.id, state: "pending" }, data: { state: "active" } });
}

/** The challenge did not come back: monday would not have created the webhook either. */
export async function markFailed(prisma: PrismaClient, webhook: SimulatedWebhook): Promise<void> {
  if (webhook.created) await prisma.boardWebhook.updateMany({ where: { id: webhook.id, state: "pending" }, data: { state: "failed" } });
}
