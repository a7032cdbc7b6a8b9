// The request monday would send for each planned event: URL, `aud`, body, headers and who signs
// it. A duplicated event is the same request again (same body, same event id), as monday retries.
import { randomBytes, randomUUID } from "node:crypto";
import { BOARD_WEBHOOK_EVENTS, type WebhookConfig } from "../../board-webhooks/webhook-events.ts";
import { boardEventSample } from "./board-samples.ts";
import type { CallbackReceiver } from "./callback-receiver.ts";
import type { SimulatedEvent } from "./event-catalogue.ts";
import { featureBody, featurePayload } from "./feature-samples.ts";
import { lifecycleBody, sampleDaysLeft } from "./lifecycle-samples.ts";
import type { ClaimShape, MondayCaller } from "./monday-signer.ts";
import type { SimulationSettings } from "./simulation-settings.ts";

export interface BoardTarget {
  /** where the request goes */
  url: string;
  /** the webhook's public URL (`aud`) */
  audience: string;
  /** what the webhook subscribed to: the event is built to match it (its column, label or group) */
  config: WebhookConfig | null;
}

export interface SimulatedRequest {
  event: SimulatedEvent;
  index: number;
  url: string;
  audience: string;
  body: unknown;
  headers: Record<string, string>;
  caller: MondayCaller;
  claims: ClaimShape;
  secret: "signing" | "client";
  /** feature events: X-Apps-Event-Id */
  eventId?: string;
  /** async feature events */
  backToUrl?: string;
}

const DAY_MS = 86_400_000;

/** monday's lifecycle samples write times with an explicit offset */
function mondayTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

export interface RequestContext {
  settings: SimulationSettings;
  /** per board event: where its webhook is */
  boardTargets: ReadonlyMap<string, BoardTarget>;
  receiver: CallbackReceiver | null;
  /** who the tokens say acts */
  caller: MondayCaller;
}

export function simulatedRequest(event: SimulatedEvent, index: number, ctx: RequestContext): SimulatedRequest {
  const s = ctx.settings;
  const at = s.at.getTime() + index;
  const route = (path: string) => ({ url: `${s.target}${path}`, audience: `${s.publicUrl}${path}` });
  const signedBy = { secret: s.secret ?? "signing", caller: ctx.caller } as const;

  if (event.kind === "lifecycle") {
    const daysLeft = sampleDaysLeft(event.name);
    const body = lifecycleBody(event.name, {
      accountId: s.accountId,
      userId: s.userId,
      timestamp: mondayTime(at),
      renewalDate: mondayTime(at + daysLeft * DAY_MS),
      daysLeft,
      ...(s.planId !== undefined ? { planId: s.planId } : {}),
      ...(s.trial ? { isTrial: true } : {}),
    });
    return { event, index, ...route("/webhooks/lifecycle"), body, headers: {}, claims: s.claims ?? "top", ...signedBy };
  }

  if (event.kind === "feature") {
    const eventId = randomUUID();
    const backToUrl = s.mode === "async" ? ctx.receiver?.backToUrl() : undefined;
    const sample = featurePayload(event.name, { boardId: Number(s.boardId), seq: index });
    const body = featureBody(event.name, {
      accountId: s.accountId,
      userId: s.userId,
      payload: sample.payload,
      ...(backToUrl ? { backToUrl } : {}),
      ...(sample.eventActionOrigin ? { eventActionOrigin: sample.eventActionOrigin } : {}),
    });
    return {
      event,
      index,
      ...route(`/webhooks/features/${s.mode}`),
      body,
      headers: { "x-apps-event-id": eventId },
      claims: s.claims ?? "dat",
      eventId,
      ...(backToUrl ? { backToUrl } : {}),
      ...signedBy,
    };
  }

  const target = ctx.boardTargets.get(event.name);
  if (!target) throw new Error(`no webhook to send ${event.name} to`);
  const sample = boardEventSample(event.name, {
    boardId: s.boardId,
    subitemsBoardId: s.subitemsBoardId,
    userId: Number(s.userId),
    subscriptionId: 73759690 + BOARD_WEBHOOK_EVENTS.indexOf(event.name),
    triggerUuid: randomBytes(16).toString("hex"),
    at: new Date(at),
    seq: index,
    config: target.config,
  });
  return { event, index, url: target.url, audience: target.audience, body: { event: sample }, headers: {}, claims: s.claims ?? "top", ...signedBy };
}
