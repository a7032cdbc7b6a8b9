// GET /healthz (the process answers), /readyz (the database answers), /metrics (Prometheus text: the process's counters and the
// database summary of ops-gauges.ts).
import { Router } from "express";
import type { Db } from "../db/client.ts";
import type { Metrics } from "./metrics.ts";
import type { Gauge, OpsGauges } from "./ops-gauges.ts";

export function opsRouter(db: Db, metrics: Metrics, summary: OpsGauges): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const ok = await db.ping();
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "database_unreachable" });
  });
  router.get("/metrics", async (_req, res) => {
    let gauges: Gauge[] = [];
    try {
      gauges = await summary.read();
    } catch {
      // counters are still worth serving when the database is away
    }
    res.type("text/plain; version=0.0.4").send(metrics.render(gauges));
  });
  return router;
}
