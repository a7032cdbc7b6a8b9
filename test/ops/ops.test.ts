// Operators' endpoints: liveness, readiness (database reachable) and Prometheus metrics by source.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually, startHookboard, type RunningHookboard } from "../helpers/hookboard-server.ts";
import { postJson, request, sendLifecycle } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";

describe("operations endpoints", () => {
  let hb: RunningHookboard;
  beforeAll(async () => {
    hb = await startHookboard();
  });
  afterAll(() => hb.stop({ drop: true }));

  it("When the process runs and the database answers, then /healthz and /readyz say so", async () => {
    expect(await request(`${hb.url}/healthz`)).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(await request(`${hb.url}/readyz`)).toMatchObject({ status: 200, body: { status: "ready" } });
  });

  it("When deliveries were received, duplicated and processed, then /metrics counts them by source", async () => {
    const body = lifecycleBody("install", { accountId: 330001 });
    await sendLifecycle(hb.url, body);
    await sendLifecycle(hb.url, body);
    await postJson(`${hb.url}/webhooks/lifecycle`, body); // no token: refused, not counted as received
    await eventually(async () => (await request<string>(`${hb.url}/metrics`)).body.includes('hookboard_deliveries_processed_total{source="lifecycle"} 1'));
    // the database's figures are a summary read at most every few seconds
    await eventually(async () => (await request<string>(`${hb.url}/metrics`)).body.includes('hookboard_inbox_deliveries{status="done"} 1'));
    const { body: text, headers } = await request<string>(`${hb.url}/metrics`);
    expect(headers.get("content-type")).toMatch(/^text\/plain/);
    expect(text).toContain('hookboard_deliveries_received_total{source="lifecycle"} 1');
    expect(text).toContain('hookboard_deliveries_duplicate_total{source="lifecycle"} 1');
    expect(text).toContain('hookboard_inbox_deliveries{status="done"} 1');
    expect(text).toMatch(/# TYPE hookboard_deliveries_dead_total counter/);
  });

  it("When the database is gone, then /readyz answers 503 while /healthz stays up", async () => {
    const other = await startHookboard();
    await other.hookboard.db.close();
    await other.database.drop();
    expect((await request(`${other.url}/readyz`)).status).toBe(503);
    expect((await request(`${other.url}/healthz`)).status).toBe(200);
    await other.stop().catch(() => {});
  });

  it("When a route does not exist, then the answer is a JSON 404", async () => {
    expect(await request(`${hb.url}/nowhere`)).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
  });
});

describe.each(await databaseKinds())("operations metrics from the database on %s", (kind) => {
  it("When deliveries wait, go dead, webhooks sit idle and a reconciliation ran, then /metrics says so", async () => {
    const hb = await startHookboard({
      kind,
      worker: { maxAttempts: 1 },
      register: (handlers) =>
        handlers.on("lifecycle:app_subscription_renewed", async () => {
          throw new Error("the app's handler is broken");
        }),
    });
    try {
      const prisma = hb.hookboard.db.prisma;
      await sendLifecycle(hb.url, lifecycleBody("app_subscription_renewed", { accountId: 330002 }));
      await eventually(async () => (await prisma.delivery.count({ where: { status: "dead" } })) === 1, 10_000, "a dead delivery");
      // one stored an hour ago that no worker may take yet
      await hb.hookboard.inbox.accept({
        source: "board",
        type: "create_item",
        idempotencyKey: "ops-metrics-waiting",
        payload: "{}",
        receivedAt: new Date(Date.now() - 3600_000),
        notBefore: new Date(Date.now() + 3600_000),
      });
      await prisma.boardWebhook.create({
        data: { id: "wh-ops-1", accountId: "330002", boardId: "1", event: "create_item", urlToken: "ops-1", state: "active" },
      });
      await prisma.boardWebhook.create({
        data: { id: "wh-ops-2", accountId: "330002", boardId: "1", event: "create_item", urlToken: "ops-2", state: "missing" },
      });
      await prisma.jobRun.create({ data: { name: "reconcile", lastFinishedAt: new Date("2026-12-01T10:00:00Z"), lastOutcome: "failed" } });

      const { body } = await request<string>(`${hb.url}/metrics`);
      const age = Number(/^hookboard_oldest_pending_delivery_age_seconds (\d+)$/m.exec(body)?.[1]);
      expect(age).toBeGreaterThanOrEqual(3600);
      expect(age).toBeLessThan(3700);
      expect(body).toContain('hookboard_dead_deliveries{source="lifecycle"} 1');
      expect(body).toContain('hookboard_dead_deliveries{source="board"} 0');
      expect(body).toContain('hookboard_board_webhooks{state="waiting"} 1');
      expect(body).toContain('hookboard_board_webhooks{state="missing"} 1');
      expect(body).toContain('hookboard_board_webhooks{state="healthy"} 0');
      expect(body).toContain("hookboard_feature_callbacks_past_window 0");
      expect(body).toContain(`hookboard_reconcile_last_run_timestamp_seconds ${Date.parse("2026-12-01T10:00:00Z") / 1000}`);
      expect(body).toContain("hookboard_reconcile_last_run_success 0");
    } finally {
      await hb.stop({ drop: true });
    }
  });
});
