// An acknowledged delivery survives `kill -9` of the server at any moment: a monday-like sender
// streams deliveries while the server process is killed and restarted; afterwards every delivery
// is stored once and applied once.
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../server/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/databases.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { webhookToken } from "../helpers/monday-tokens.ts";
import { sendLikeMonday } from "../helpers/monday-sender.ts";
import { freePort, spawnServer, type ServerProcess } from "../helpers/server-process.ts";

const DELIVERIES = Number(process.env.KILL9_DELIVERIES ?? 600);
const KILLS = 2;
// a killed worker's claims are taken over after this long
const env = { WORKER_CLAIM_TTL_MS: "2000" };

describe("kill -9 during a stream of app lifecycle deliveries (SQLite)", () => {
  let database: TestDatabase;
  let server: ServerProcess | null = null;
  afterAll(async () => {
    await server?.kill("SIGKILL");
    await database?.drop();
  });

  it(`When the server is killed ${KILLS} times while ${DELIVERIES} deliveries stream in, then every acknowledged delivery is stored and applied exactly once`, async () => {
    database = await createTestDatabase("sqlite");
    const port = await freePort();
    server = await spawnServer({ databaseUrl: database.url, port, env });
    const url = `http://127.0.0.1:${port}/webhooks/lifecycle`;
    const deliveries = Array.from({ length: DELIVERIES }, (_, i) => {
      const accountId = 800000 + (i % 40);
      const body = lifecycleBody("app_subscription_renewed", { accountId, timestamp: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString() });
      return {
        key: `${accountId}/${body.data.timestamp}`,
        send: async () =>
          fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: await webhookToken(accountId, { audience: url }) }, body: JSON.stringify(body) }),
      };
    });

    const stream = sendLikeMonday(deliveries, { concurrency: 8 });
    let kills = 0;
    const killer = (async () => {
      for (let k = 0; k < KILLS; k++) {
        await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
        await server!.kill("SIGKILL");
        kills++;
        server = await spawnServer({ databaseUrl: database.url, port, env });
      }
    })();
    const [report] = await Promise.all([stream, killer]);
    expect(kills).toBe(KILLS);
    expect(report.acknowledged.size).toBe(DELIVERIES);
    // the kills happened while deliveries were in flight
    expect(report.failures).toBeGreaterThan(0);

    const db = createDb(database.url);
    try {
      await eventually(async () => (await db.prisma.delivery.count({ where: { status: "done" } })) === DELIVERIES, 60_000, "all deliveries applied");
      expect(await db.prisma.delivery.count()).toBe(DELIVERIES);
      expect(await db.prisma.lifecycleEvent.count()).toBe(DELIVERIES);
      const perDelivery = await db.prisma.lifecycleEvent.groupBy({ by: ["deliveryId"], _count: { _all: true } });
      expect(perDelivery.every((g) => g._count._all === 1)).toBe(true);
    } finally {
      await db.close();
    }
  });
});
