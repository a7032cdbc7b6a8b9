// An acknowledgement means the delivery is on disk: the group commit written through the driver
// (server/inbox/intake-writer.ts) has committed before the answer. A server process answers a burst
// of lifecycle and async feature deliveries and is killed with SIGKILL the moment the last answer
// arrives, before it could flush or close anything; every acknowledged delivery is then in the
// database, with its feature event row, and a restarted process serves on it.
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../server/db/client.ts";
import { webhookToken } from "../../server/test-kit/monday-tokens.ts";
import { featureBody, sendFeature } from "../features/feature-requests.ts";
import { createTestDatabase, databaseKinds, type DbKind, type TestDatabase } from "../helpers/databases.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { spawnServer, type ServerProcess } from "../helpers/server-process.ts";

const kinds = await databaseKinds();
const LIFECYCLE = 300;
const FEATURES = 100;
// the worker stays off: what is checked is what intake wrote, not what a worker did with it
const env = { WORKER_ENABLED: "false", MONDAY_CALLBACK_HOSTS: "127.0.0.1" };

describe.each(kinds)("acknowledged means stored, on %s", (kind: DbKind) => {
  let database: TestDatabase;
  let server: ServerProcess | null = null;
  afterAll(async () => {
    await server?.kill("SIGKILL");
    await database?.drop();
  });

  it(`When a process is killed with SIGKILL right after acknowledging ${LIFECYCLE + FEATURES} deliveries sent at once, then every acknowledged delivery and feature event is in the database and a restart serves on it`, async () => {
    database = await createTestDatabase(kind);
    server = await spawnServer({ databaseUrl: database.url, env });
    const url = `${server.url}/webhooks/lifecycle`;
    const token = await webhookToken(700001, { audience: url, expiresIn: 3600 });

    const lifecycle = Array.from({ length: LIFECYCLE }, async (_, i) => {
      const body = lifecycleBody("app_subscription_renewed", { accountId: 700001, timestamp: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString() });
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: token }, body: JSON.stringify(body) });
      return res.status === 200 ? ((await res.json()) as { deliveryId: string }).deliveryId : null;
    });
    const features = Array.from({ length: FEATURES }, async () => {
      const res = await sendFeature<{ deliveryId: string }>(
        server!.url,
        "async",
        featureBody("AppFeatureObject:publish", { accountId: 700001, backToUrl: "http://127.0.0.1:9/results" }),
      );
      return res.status === 202 ? { deliveryId: res.body.deliveryId, eventId: res.eventId! } : null;
    });
    const [lifecycleIds, featureIds] = await Promise.all([Promise.all(lifecycle), Promise.all(features)]);
    // no grace: the process gets no chance to write anything after its last answer
    await server.kill("SIGKILL");
    server = null;

    const acknowledged = lifecycleIds.filter((id): id is string => id !== null);
    const acknowledgedFeatures = featureIds.filter((f): f is { deliveryId: string; eventId: string } => f !== null);
    // a burst this size is all answered; the point is that what was answered is there
    expect(acknowledged.length).toBe(LIFECYCLE);
    expect(acknowledgedFeatures.length).toBe(FEATURES);

    const db = createDb(database.url);
    try {
      const stored = await db.prisma.delivery.findMany({
        where: { id: { in: [...acknowledged, ...acknowledgedFeatures.map((f) => f.deliveryId)] } },
        select: { id: true },
      });
      expect(stored.length).toBe(LIFECYCLE + FEATURES);
      const events = await db.prisma.featureEvent.findMany({ where: { eventId: { in: acknowledgedFeatures.map((f) => f.eventId) } } });
      expect(events.length).toBe(FEATURES);
      const deliveryOf = new Map(acknowledgedFeatures.map((f) => [f.eventId, f.deliveryId]));
      for (const e of events) expect(e.deliveryId).toBe(deliveryOf.get(e.eventId));
      expect(events.every((e) => e.callbackStatus === "pending" && e.mode === "async")).toBe(true);
    } finally {
      await db.close();
    }

    server = await spawnServer({ databaseUrl: database.url, env });
    const again = await fetch(url.replace(/:\d+\//, `:${server.port}/`), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: await webhookToken(700001, { audience: `${server.url}/webhooks/lifecycle` }) },
      body: JSON.stringify(lifecycleBody("app_subscription_renewed", { accountId: 700001, timestamp: new Date(Date.UTC(2024, 0, 1)).toISOString() })),
    });
    // the first lifecycle delivery again: a duplicate of what the killed process stored
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true, deliveryId: acknowledged[0] });
  }, 120_000);
});
