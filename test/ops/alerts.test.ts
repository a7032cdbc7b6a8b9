// The Prometheus alerting rules the repo ships (ops/alerts.yml): valid for promtool, and every metric
// they watch is one /metrics serves.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHookboard, type RunningHookboard } from "../helpers/hookboard-server.ts";
import { request } from "../helpers/http.ts";
import { skipGroup } from "../helpers/skips.ts";

const RULES = fileURLToPath(new URL("../../ops/alerts.yml", import.meta.url));
const promtool = spawnSync("promtool", ["--version"], { encoding: "utf8" }).status === 0;

describe("Prometheus alerting rules", () => {
  if (promtool) {
    it("When promtool checks ops/alerts.yml, then the rules are valid", () => {
      const run = spawnSync("promtool", ["check", "rules", RULES], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(run.stdout).toMatch(/SUCCESS: \d+ rules found/);
      expect(run.status).toBe(0);
    });
  } else {
    skipGroup("promtool check rules", "promtool is not installed (Debian package prometheus; .ci/run installs it)");
  }

  let hb: RunningHookboard;
  beforeAll(async () => {
    hb = await startHookboard({ env: { MONDAY_API_TOKEN: "t", MONDAY_APP_ID: "1" } });
    await hb.hookboard.db.prisma.jobRun.create({ data: { name: "reconcile", lastFinishedAt: new Date(), lastOutcome: "ok" } });
  });
  afterAll(() => hb.stop({ drop: true }));

  it("When the rules name a metric, then /metrics serves it", async () => {
    const rules = readFileSync(RULES, "utf8");
    const named = new Set([...rules.matchAll(/\b(hookboard_[a-z_]+)/g)].map((m) => m[1]!));
    expect(named.size).toBeGreaterThanOrEqual(6);
    const { body } = await request<string>(`${hb.url}/metrics`);
    const served = new Set([...body.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
    expect([...named].filter((n) => !served.has(n))).toEqual([]);
  });
});
