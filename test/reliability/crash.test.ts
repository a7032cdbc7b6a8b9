// The crash test: a sender that behaves like monday (it retries each delivery until it gets a 2xx)
// streams deliveries while server processes are killed with SIGKILL at random moments and
// restarted. Afterwards every delivery must be stored exactly once and applied exactly once.
// On SQLite with one process; on PostgreSQL with two processes behind a round-robin "balancer".
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../server/db/client.ts";
import { createTestDatabase, databaseKinds, type DbKind, type TestDatabase } from "../helpers/databases.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { webhookToken } from "../../server/test-kit/monday-tokens.ts";
import { sendLikeMonday } from "../helpers/monday-sender.ts";
import { freePort, spawnServer, type ServerProcess } from "../helpers/server-process.ts";
import { SCALE } from "./reliability-scale.ts";

const kinds = await databaseKinds();
// a killed process's claims are taken over after this long
const env = { WORKER_CLAIM_TTL_MS: "2000" };

describe.each(kinds)("crash test on %s", (kind: DbKind) => {
  const processes = kind === "postgresql" ? 2 : 1;
  let database: TestDatabase;
  const servers: (ServerProcess | null)[] = [];
  afterAll(async () => {
    await Promise.all(servers.map(async (s) => s?.kill("SIGKILL")));
    await database?.drop();
  });

  it(`When ${SCALE.crashDeliveries} deliveries stream in while ${processes} server process(es) are killed ${SCALE.crashKills} times, then none is lost and none is applied twice`, async () => {
    database = await createTestDatabase(kind);
    const ports = await Promise.all(Array.from({ length: processes }, () => freePort()));
    servers.push(...(await Promise.all(ports.map((port) => spawnServer({ databaseUrl: database.url, port, env })))));

    const tokens = new Map<string, string>();
    const deliveries = Array.from({ length: SCALE.crashDeliveries }, (_, i) => {
      const accountId = 300000 + (i % 100);
      const body = JSON.stringify(
        lifecycleBody(i % 7 === 0 ? "app_subscription_changed" : "app_subscription_renewed", {
          accountId,
          timestamp: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
        }),
      );
      return {
        key: String(i),
        send: async () => {
          // the "balancer": any of the processes, whichever is up
          const port = ports[Math.floor(Math.random() * ports.length)]!;
          const url = `http://127.0.0.1:${port}/webhooks/lifecycle`;
          const tokenKey = `${port}/${accountId}`;
          let token = tokens.get(tokenKey);
          if (!token) tokens.set(tokenKey, (token = await webhookToken(accountId, { audience: url, expiresIn: 3600 })));
          return fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: token }, body });
        },
      };
    });

    let streaming = true;
    const stream = sendLikeMonday(deliveries, { concurrency: 12, retryDelayMs: 25, giveUpAfterMs: 300_000 }).finally(() => (streaming = false));
    let kills = 0;
    const killer = (async () => {
      while (kills < SCALE.crashKills) {
        await new Promise((r) => setTimeout(r, 200 + Math.random() * 800));
        if (!streaming) break;
        const victim = Math.floor(Math.random() * processes);
        await servers[victim]!.kill("SIGKILL");
        kills++;
        servers[victim] = await spawnServer({ databaseUrl: database.url, port: ports[victim], env });
      }
    })();
    const [report] = await Promise.all([stream, killer]);
    expect(kills, "the stream ended before every kill happened: raise CRASH_DELIVERIES").toBe(SCALE.crashKills);
    expect(report.acknowledged.size).toBe(SCALE.crashDeliveries);

    const db = createDb(database.url);
    try {
      await eventually(
        async () => (await db.prisma.delivery.count({ where: { status: "done" } })) === SCALE.crashDeliveries,
        120_000,
        "every delivery applied",
      );
      const stored = await db.prisma.delivery.count();
      const applied = await db.prisma.lifecycleEvent.count();
      const appliedTwice = (await db.prisma.lifecycleEvent.groupBy({ by: ["deliveryId"], _count: { _all: true } })).filter((g) => g._count._all > 1).length;
      const lost = SCALE.crashDeliveries - applied;
      console.info(
        `crash test (${kind}, ${processes} process(es)): ${SCALE.crashDeliveries} deliveries, ${kills} SIGKILLs, ${report.failures} failed attempts retried by the sender; stored ${stored}, applied ${applied}, lost ${lost}, applied twice ${appliedTwice}`,
      );
      expect({ stored, applied, lost, appliedTwice }).toEqual({ stored: SCALE.crashDeliveries, applied: SCALE.crashDeliveries, lost: 0, appliedTwice: 0 });
    } finally {
      await db.close();
    }
  }, 600_000);
});
