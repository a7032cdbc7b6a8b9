// GET /healthz (the process answers), /readyz (the database answers), /metrics (Prometheus text).
import { Router } from "express";
import type { Db } from "../db/client.ts";
import type { Metrics } from "./metrics.ts";

export function opsRouter(db: Db, metrics: Metrics): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const ok = await db.ping();
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "database_unreachable" });
  });
  router.get("/metrics", async (_req, res) => {
    let depth: { status: string; _count: { _all: number } }[] = [];
    try {
      const rows = await db.prisma.delivery.groupBy({ by: ["status"], _count: { _all: true } });
      depth = rows.map((r) => ({ status: r.status, _count: { _all: r._count._all } }));
    } catch {
      // counters are still worth serving when the database is away
    }
    res.type("text/plain; version=0.0.4").send(
      metrics.render([
        {
          name: "hookboard_inbox_deliveries",
          help: "Stored deliveries by status (whole database)",
          type: "gauge",
          samples: depth.map((d) => ({ labels: { status: d.status }, value: d._count._all })),
        },
      ]),
    );
  });
  return router;
}
