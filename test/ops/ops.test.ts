// Operators' endpoints: liveness, readiness (database reachable) and Prometheus metrics by source.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
