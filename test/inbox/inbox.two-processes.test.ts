// On PostgreSQL several server processes share one inbox: each delivery is claimed and applied by
// exactly one of them.
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../server/db/client.ts";
import { createTestDatabase, requirePostgres, type TestDatabase } from "../helpers/databases.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { webhookToken } from "../../server/test-kit/monday-tokens.ts";
import { sendLikeMonday } from "../helpers/monday-sender.ts";
import { spawnServer, type ServerProcess } from "../helpers/server-process.ts";

const DELIVERIES = 1000;

async function processedTotal(server: ServerProcess): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith('hookboard_deliveries_processed_total{source="lifecycle"}'));
  return line ? Number(line.split(" ")[1]) : 0;
}

/** DELIVERIES signed lifecycle deliveries sent round-robin to `servers`, 25 accounts from `firstAccount`. */
function lifecycleDeliveries(servers: ServerProcess[], firstAccount: number) {
  return Array.from({ length: DELIVERIES }, (_, i) => {
    const url = `${servers[i % servers.length]!.url}/webhooks/lifecycle`;
    const accountId = firstAccount + (i % 25);
    const body = lifecycleBody("app_subscription_changed", { accountId, timestamp: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString() });
    return {
      key: String(i),
      send: async () =>
        fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: await webhookToken(accountId, { audience: url }) },
          body: JSON.stringify(body),
        }),
    };
  });
}

const GROUP = "two server processes on one PostgreSQL inbox";

if (await requirePostgres(GROUP)) {
  describe(GROUP, () => {
    let database: TestDatabase;
    let servers: ServerProcess[] = [];
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.kill("SIGKILL")));
      await database?.drop();
    });

    it(`When two processes started together drain ${DELIVERIES} deliveries, then each delivery is claimed once and applied once`, async () => {
      database = await createTestDatabase("postgresql");
      // started at the same moment: migrations must not collide either
      servers = await Promise.all([spawnServer({ databaseUrl: database.url }), spawnServer({ databaseUrl: database.url })]);
      const report = await sendLikeMonday(lifecycleDeliveries(servers, 600000), { concurrency: 16 });
      expect(report.acknowledged.size).toBe(DELIVERIES);

      const db = createDb(database.url);
      try {
        await eventually(async () => (await db.prisma.delivery.count({ where: { status: "done" } })) === DELIVERIES, 60_000, "all deliveries applied");
        expect(await db.prisma.delivery.count({ where: { attempts: { not: 1 } } })).toBe(0);
        expect(await db.prisma.lifecycleEvent.count()).toBe(DELIVERIES);
        const byProcess = await db.prisma.delivery.groupBy({ by: ["claimedBy"], _count: { _all: true } });
        expect(byProcess).toHaveLength(2);
        const totals = await Promise.all(servers.map(processedTotal));
        expect(totals[0]! + totals[1]!).toBe(DELIVERIES);
      } finally {
        await db.close();
      }
    }, 180_000);

    it(`When two web processes (WORKER_ENABLED=false) take ${DELIVERIES} deliveries and two worker-only processes (WEB_ENABLED=false) apply them, then each is applied once, by a worker`, async () => {
      await Promise.all(servers.map((s) => s.kill("SIGKILL")));
      await database?.drop();
      database = await createTestDatabase("postgresql");
      const web = await Promise.all([0, 1].map(() => spawnServer({ databaseUrl: database.url, env: { WORKER_ENABLED: "false" } })));
      const workers = await Promise.all([0, 1].map(() => spawnServer({ databaseUrl: database.url, env: { WEB_ENABLED: "false" } })));
      servers = [...web, ...workers];
      // a worker-only process serves health and metrics, not monday's webhooks
      expect((await fetch(`${workers[0]!.url}/webhooks/lifecycle`, { method: "POST" })).status).toBe(404);
      expect((await fetch(`${workers[0]!.url}/healthz`)).status).toBe(200);

      const report = await sendLikeMonday(lifecycleDeliveries(web, 610000), { concurrency: 16 });
      expect(report.acknowledged.size).toBe(DELIVERIES);

      const db = createDb(database.url);
      try {
        await eventually(async () => (await db.prisma.delivery.count({ where: { status: "done" } })) === DELIVERIES, 60_000, "all deliveries applied");
        expect(await db.prisma.delivery.count({ where: { attempts: { not: 1 } } })).toBe(0);
        expect(await db.prisma.lifecycleEvent.count()).toBe(DELIVERIES);
        const webTotals = await Promise.all(web.map(processedTotal));
        expect(webTotals).toEqual([0, 0]);
        const workerTotals = await Promise.all(workers.map(processedTotal));
        expect(workerTotals[0]! + workerTotals[1]!).toBe(DELIVERIES);
        // the claims name the worker processes only
        const pids = new Set(workers.map((w) => String(w.child.pid)));
        const byProcess = await db.prisma.delivery.groupBy({ by: ["claimedBy"], _count: { _all: true } });
        for (const group of byProcess) expect(pids.has(group.claimedBy!.split(":")[1]!)).toBe(true);
      } finally {
        await db.close();
      }
    }, 180_000);
  });
}
