// Before a board event, monday has created the webhook, and creating it sent the challenge to its
// URL. The simulator does the same per board event: it finds the webhook added in the board view,
// or records one of its own (or takes --webhook-url), sends `{"challenge"}` and only sends events
// to a URL that echoed it.
import { randomBytes } from "node:crypto";
import type { BoardWebhookEvent } from "../../board-webhooks/webhook-events.ts";
import type { Config } from "../../config/config.ts";
import type { PrismaClient } from "../../db/client.ts";
import { hint } from "../../log/logger.ts";
import { withDatabase } from "../cli-database.ts";
import type { MondayCaller } from "./monday-signer.ts";
import type { BoardTarget } from "./simulated-requests.ts";
import { postLikeMonday, type Answer } from "./send-request.ts";
import { markFailed, markVerified, simulatedWebhookFor } from "./simulated-webhooks.ts";
import type { SimulationSettings } from "./simulation-settings.ts";

export interface WebhookReport {
  event: BoardWebhookEvent;
  /** Hookboard's id of the webhook; null for a --webhook-url */
  webhookId: string | null;
  /** added in the board view, recorded by the simulator, or given as --webhook-url */
  origin: "view" | "simulator" | "url";
  recorded: boolean;
  /** webhooks for this board and event added in the view (events go to the newest) */
  madeInView: number;
  /** the simulator's own webhooks for this board and event, deleted because one was added in the view */
  retired: number;
  challenge: Answer;
  echoed: boolean;
}

export type Signer = (audience: string, caller: MondayCaller) => Promise<Record<string, string>>;

async function challenge(url: string, audience: string, caller: MondayCaller, sign: Signer): Promise<{ answer: Answer; echoed: boolean }> {
  const sent = randomBytes(39).toString("base64url");
  const answer = await postLikeMonday(url, { challenge: sent }, await sign(audience, caller));
  const body = answer.body as { challenge?: unknown } | null;
  return { answer, echoed: answer.status === 200 && body?.challenge === sent };
}

export async function boardTargets(
  events: BoardWebhookEvent[],
  s: SimulationSettings,
  config: Config,
  caller: MondayCaller,
  sign: Signer,
): Promise<{ targets: Map<BoardWebhookEvent, BoardTarget>; reports: WebhookReport[] }> {
  const targets = new Map<BoardWebhookEvent, BoardTarget>();
  const reports: WebhookReport[] = [];
  if (!events.length) return { targets, reports };

  if (s.webhookUrl) {
    const event = events[0]!;
    const url = s.targetGiven ? `${s.target}${new URL(s.webhookUrl).pathname}` : s.webhookUrl;
    const { answer, echoed } = await challenge(url, s.webhookUrl, caller, sign);
    reports.push({ event, webhookId: null, origin: "url", recorded: false, madeInView: 0, retired: 0, challenge: answer, echoed });
    if (echoed) targets.set(event, { url, audience: s.webhookUrl, config: null });
    return { targets, reports };
  }

  await withDatabase(config, async (db) => {
    const prisma: PrismaClient = db.prisma;
    for (const event of events) {
      const webhook = await simulatedWebhookFor(prisma, { publicUrl: s.publicUrl, accountId: s.accountId, boardId: s.boardId, event, userId: s.userId });
      const url = `${s.target}${webhook.path}`;
      const { answer, echoed } = await challenge(url, webhook.url, caller, sign);
      if (echoed) {
        await markVerified(prisma, webhook);
        targets.set(event, { url, audience: webhook.url, config: webhook.config });
      } else {
        await markFailed(prisma, webhook);
      }
      reports.push({
        event,
        webhookId: webhook.id,
        origin: webhook.origin,
        recorded: webhook.created,
        madeInView: webhook.madeInView,
        retired: webhook.retired,
        challenge: answer,
        echoed,
      });
    }
  });
  return { targets, reports };
}

/** How a webhook is named in the output: its URL's secret part is never printed in full. */
export function describeWebhookTarget(report: WebhookReport, target: BoardTarget | undefined): string {
  const where = target ? `${new URL(target.audience).pathname.replace(/[^/]+$/, "")}${hint(target.audience.slice(target.audience.lastIndexOf("/") + 1))}` : "";
  const what =
    report.origin === "url"
      ? "webhook from --webhook-url"
      : report.origin === "view"
        ? `your webhook ${report.webhookId} (added in the board view${report.madeInView > 1 ? `; the newest of ${report.madeInView} for this event` : ""}${
            report.retired ? `; the simulator's own for this event is deleted` : ""
          })`
        : `${report.recorded ? "recorded" : "reusing"} webhook ${report.webhookId} (the simulator's; none for this event was added in the board view)`;
  return `${what}${where ? ` at ${where}` : ""}`;
}
