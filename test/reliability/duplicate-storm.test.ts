// The duplicate storm: monday retries, and retries can overlap. Each delivery is sent three times
// at once, on every webhook route; each must be stored once and applied once (and, for async
// feature events, reported to back_to_url once).
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BoardEvent } from "../../server/board-webhooks/board-event.ts";
import { succeed } from "../../server/features/outcome.ts";
import { AppServiceStandIn } from "../helpers/app-service-standin.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually, startHookboard, type RunningHookboard } from "../helpers/hookboard-server.ts";
import { untilIdle } from "../helpers/idle.ts";
import { postJson, sendLifecycle } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { webhookToken } from "../../server/test-kit/monday-tokens.ts";
import { featureBody, sendFeature } from "../features/feature-requests.ts";
import { SCALE } from "./reliability-scale.ts";

const kinds = await databaseKinds();
const N = SCALE.stormDeliveries;
const COPIES = 3;

/** Sends `copies` of each request at once, `parallel` deliveries at a time; returns every status. */
async function storm<T>(items: T[], send: (item: T) => Promise<{ status: number }>, parallel = 8): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < items.length; i += parallel) {
    const wave = items.slice(i, i + parallel).flatMap((item) => Array.from({ length: COPIES }, () => send(item)));
    statuses.push(...(await Promise.all(wave)).map((r) => r.status));
  }
  return statuses;
}

describe.each(kinds)("duplicate storm on %s", (kind) => {
  let hb: RunningHookboard;
  let appService: AppServiceStandIn;
  const boardEvents: BoardEvent[] = [];
  const featureRuns = new Map<string, number>();
  beforeAll(async () => {
    appService = await new AppServiceStandIn().start();
    hb = await startHookboard({
      kind,
      env: { MONDAY_CALLBACK_HOSTS: "127.0.0.1" },
      register: (handlers) =>
        handlers
          .on("board:*", async (event) => {
            boardEvents.push(event);
          })
          .on("feature:AppFeatureObject:*", async (event) => {
            featureRuns.set(event.eventId, (featureRuns.get(event.eventId) ?? 0) + 1);
            return succeed({ seen: event.eventId });
          }),
    });
  });
  afterAll(async () => {
    await hb.stop({ drop: true });
    await appService.stop();
  });

  const prisma = () => hb.hookboard.db.prisma;

  it(`When each of ${N} app lifecycle events arrives ${COPIES} times at once, then each is stored once and applied once`, async () => {
    const events = Array.from({ length: N }, (_, i) =>
      lifecycleBody("app_subscription_renewed", { accountId: 210000 + (i % 20), timestamp: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString() }),
    );
    const statuses = await storm(events, (body) => sendLifecycle(hb.url, body));
    expect(statuses).toEqual(Array(N * COPIES).fill(200));
    await eventually(async () => (await prisma().delivery.count({ where: { source: "lifecycle", status: "done" } })) === N, 30_000);
    expect(await prisma().delivery.count({ where: { source: "lifecycle" } })).toBe(N);
    expect(await prisma().lifecycleEvent.count()).toBe(N);
  });

  it(`When each of ${N} board events arrives ${COPIES} times at once, then each is stored once and the app's handler sees it once`, async () => {
    const urlToken = randomBytes(32).toString("base64url");
    const webhook = await prisma().boardWebhook.create({
      data: { id: randomUUID(), accountId: "220001", boardId: "1771812698", event: "create_item", urlToken, state: "active", mondayWebhookId: "73759690" },
    });
    const url = `${hb.url}/webhooks/board/${urlToken}`;
    const token = await webhookToken(220001, { audience: url, expiresIn: 600 });
    const triggers = Array.from({ length: N }, () => randomBytes(16).toString("hex"));
    const statuses = await storm(triggers, (triggerUuid) =>
      postJson(
        url,
        {
          event: {
            userId: 9603417,
            originalTriggerUuid: null,
            boardId: 1771812698,
            pulseId: 1772099344,
            pulseName: "Create_item webhook",
            groupId: "topics",
            app: "monday",
            type: "create_pulse",
            triggerTime: new Date().toISOString(),
            subscriptionId: 73759690,
            triggerUuid,
          },
        },
        { authorization: token },
      ),
    );
    expect(statuses).toEqual(Array(N * COPIES).fill(200));
    await eventually(async () => (await prisma().delivery.count({ where: { webhookId: webhook.id, status: "done" } })) === N, 30_000);
    expect(await prisma().delivery.count({ where: { webhookId: webhook.id } })).toBe(N);
    // counted once too: the webhook's delivery counts (its health and daily chart) say N, not N × copies
    const counted = await prisma().webhookDeliveryCount.aggregate({ where: { webhookId: webhook.id }, _sum: { deliveries: true } });
    expect(counted._sum.deliveries).toBe(N);
    const seen = boardEvents.filter((e) => e.webhookId === webhook.id).map((e) => e.triggerUuid);
    expect(seen).toHaveLength(N);
    expect(new Set(seen).size).toBe(N);
  });

  it(`When each of ${N} sync feature events arrives ${COPIES} times at once, then the handler runs once and every copy gets the first answer`, async () => {
    const ids = Array.from({ length: N }, () => randomUUID());
    const answers = new Map<string, string[]>();
    const statuses = await storm(ids, async (eventId) => {
      const res = await sendFeature(hb.url, "sync", featureBody("AppFeatureObject:update_attributes", { accountId: 230001 }), { eventId });
      answers.set(eventId, [...(answers.get(eventId) ?? []), JSON.stringify(res.body)]);
      return res;
    });
    const odd = [...answers.values()].flat().filter((a) => !a.includes('"success":true'));
    expect(odd.slice(0, 3)).toEqual([]);
    expect(statuses).toEqual(Array(N * COPIES).fill(200));
    for (const id of ids) {
      expect(featureRuns.get(id)).toBe(1);
      expect(new Set(answers.get(id)).size).toBe(1);
    }
    expect(await prisma().featureEvent.count({ where: { mode: "sync" } })).toBe(N);
  });

  it(`When each of ${N} async feature events arrives ${COPIES} times at once, then the handler runs once and back_to_url hears once`, async () => {
    const jobs = Array.from({ length: N }, () => ({ eventId: randomUUID(), backToUrl: appService.backToUrl() }));
    const statuses = await storm(jobs, ({ eventId, backToUrl }) =>
      sendFeature(hb.url, "async", featureBody("AppFeatureObject:publish", { accountId: 240001, backToUrl }), { eventId }),
    );
    expect(statuses).toEqual(Array(N * COPIES).fill(202));
    await eventually(() => jobs.every((j) => appService.acceptedFor(j.backToUrl).length >= 1), 60_000, "every callback");
    // a second callback or run that a copy queued is carried out before looking
    await untilIdle(hb);
    const rows = await prisma().featureEvent.findMany({ where: { eventId: { in: jobs.map((j) => j.eventId) } } });
    expect(rows.map((r) => r.callbackStatus)).toEqual(jobs.map(() => "sent"));
    for (const j of jobs) {
      expect(featureRuns.get(j.eventId)).toBe(1);
      expect(appService.callbacksFor(j.backToUrl)).toHaveLength(1);
    }
  });
});
