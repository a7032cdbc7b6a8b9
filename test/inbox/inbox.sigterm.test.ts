// SIGTERM (a deploy, a scale-down) during a burst: the server stops taking requests, finishes the
// ones in flight and the work it claimed, releases the rest, and exits 0. No acknowledged delivery
// is lost and no claim is left behind to wait out its expiry.
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../server/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/databases.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { webhookToken } from "../../server/test-kit/monday-tokens.ts";
import { spawnServer, type ServerProcess } from "../helpers/server-process.ts";

const BURST = 800;

describe("SIGTERM during a burst of deliveries (SQLite)", () => {
  let database: TestDatabase;
  let server: ServerProcess | null = null;
  afterAll(async () => {
    await server?.kill("SIGKILL");
    await database?.drop();
  });

  it(`When the server gets SIGTERM while ${BURST} deliveries arrive, then it exits cleanly, every acknowledged delivery is stored and no claim is left`, async () => {
    database = await createTestDatabase("sqlite");
    server = await spawnServer({ databaseUrl: database.url });
    const url = `${server.url}/webhooks/lifecycle`;
    const token = await webhookToken(510000, { audience: url, expiresIn: 600 });
    const acknowledged = new Set<string>();
    let refused = 0;
    let next = 0;
    const lane = async () => {
      while (next < BURST) {
        const i = next++;
        const body = lifecycleBody("app_subscription_renewed", { accountId: 510000, timestamp: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString() });
        try {
          const res = await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: token, connection: "close" },
            body: JSON.stringify(body),
          });
          await res.arrayBuffer();
          if (res.status === 200) acknowledged.add(body.data.timestamp);
          else refused++;
        } catch {
          refused++;
        }
      }
    };
    const burst = Promise.all(Array.from({ length: 12 }, lane));
    await eventually(() => acknowledged.size >= 150, 20_000, "the burst to be under way");
    const exitCode = await server.kill("SIGTERM");
    await burst;
    expect(exitCode).toBe(0);
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0); // the burst was still going when the server stopped

    const db = createDb(database.url);
    try {
      const stored = await db.prisma.delivery.findMany({ select: { payload: true, claimToken: true, status: true } });
      const storedAt = new Set(stored.map((d) => (JSON.parse(d.payload) as { data: { timestamp: string } }).data.timestamp));
      for (const at of acknowledged) expect(storedAt.has(at)).toBe(true);
      expect(stored.filter((d) => d.claimToken !== null)).toEqual([]);

      // a new process takes over whatever was left, at once (no claim to wait out)
      server = await spawnServer({ databaseUrl: database.url });
      await eventually(async () => (await db.prisma.delivery.count({ where: { status: { not: "done" } } })) === 0, 15_000, "the rest applied");
      expect(await db.prisma.lifecycleEvent.count()).toBe(stored.length);
    } finally {
      await db.close();
    }
  }, 180_000);
});
