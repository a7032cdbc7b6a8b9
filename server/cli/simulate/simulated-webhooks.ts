// Board events go to a URL Hookboard issued, so simulating one needs a webhook row. When someone
// added a webhook for the board and event in the board view, the event goes to it, as monday's
// would: its health in the view is what the developer watches; a webhook the simulator recorded
// for the same board and event before is deleted then, so the view does not list the event twice.
// Otherwise the simulator records one
// the way Hookboard does before it calls create_webhook (its own unguessable URL, `pending` until
// the challenge is echoed, then `active`), except that it is never registered at monday: it has no
// monday webhook id, so reconciliation leaves it alone. Later runs for the same account, board and
// event reuse it. It is listed and deleted in the board view like any other webhook.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../../db/client.ts";
import { createWebhookBody, type BoardWebhookEvent, type WebhookConfig } from "../../board-webhooks/webhook-events.ts";
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
  config: WebhookConfig | null;
  /** added in the board view (so monday has it), or recorded by the simulator */
  origin: "view" | "simulator";
  /** recorded by this run (it starts `pending`) rather than found */
  created: boolean;
  /** how many webhooks for this board and event were added in the view (the newest is used) */
  madeInView: number;
  /** the simulator's own webhooks for this board and event deleted because one was added in the view */
  retired: number;
}

export interface WebhookTarget {
  publicUrl: string;
  accountId: string;
  boardId: string;
  event: BoardWebhookEvent;
  userId: string;
}

// the simulator's own rows: never registered at monday, and created as OAuth webhooks (JWT required)
const RECORDED_BY_SIMULATOR = { mondayWebhookId: null, viaOAuth: true } as const;

export async function simulatedWebhookFor(prisma: PrismaClient, target: WebhookTarget): Promise<SimulatedWebhook> {
  const { publicUrl, accountId, boardId, event } = target;
  const describe = (
    row: { id: string; urlToken: string; config: string | null },
    origin: SimulatedWebhook["origin"],
    created: boolean,
    counts: { madeInView: number; retired: number } = { madeInView: 0, retired: 0 },
  ): SimulatedWebhook => {
    const url = webhookUrl(publicUrl, row.urlToken);
    const config = row.config ? (JSON.parse(row.config) as WebhookConfig) : null;
    return { id: row.id, url, path: url.slice(publicUrl.length), accountId, boardId, event, config, origin, created, ...counts };
  };

  const inView = await prisma.boardWebhook.findMany({
    where: { accountId, boardId, event, state: "active", NOT: RECORDED_BY_SIMULATOR },
    orderBy: { createdAt: "desc" },
  });
  if (inView[0]) {
    const retired = await prisma.boardWebhook.updateMany({
      where: { accountId, boardId, event, state: { in: ["pending", "active"] }, ...RECORDED_BY_SIMULATOR },
      data: { state: "deleted", deletedAt: new Date() },
    });
    return describe(inView[0], "view", false, { madeInView: inView.length, retired: retired.count });
  }

  const existing = await prisma.boardWebhook.findFirst({
    where: { accountId, boardId, event, state: "active", ...RECORDED_BY_SIMULATOR },
    orderBy: { createdAt: "asc" },
  });
  if (existing) return describe(existing, "simulator", false);

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
      viaOAuth: RECORDED_BY_SIMULATOR.viaOAuth,
      createdByUserId: target.userId,
    },
  });
  return describe(row, "simulator", true);
}

/** The challenge came back: the webhook receives events (as after monday's create_webhook). */
export async function markVerified(prisma: PrismaClient, webhook: SimulatedWebhook): Promise<void> {
  if (webhook.created) await prisma.boardWebhook.updateMany({ where: { id: webhook.id, state: "pending" }, data: { state: "active" } });
}

/** The challenge did not come back: monday would not have created the webhook either. */
export async function markFailed(prisma: PrismaClient, webhook: SimulatedWebhook): Promise<void> {
  if (webhook.created) await prisma.boardWebhook.updateMany({ where: { id: webhook.id, state: "pending" }, data: { state: "failed" } });
}
