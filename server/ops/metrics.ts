// Process-local counters, rendered as Prometheus text by GET /metrics.

type Labels = Record<string, string>;

interface Counter {
  help: string;
  values: Map<string, { labels: Labels; value: number }>;
}

export class Metrics {
  private readonly counters = new Map<string, Counter>();

  constructor() {
    this.define("hookboard_deliveries_received_total", "Deliveries accepted and stored, by source");
    this.define("hookboard_deliveries_duplicate_total", "Deliveries acknowledged as duplicates of a stored one, by source");
    this.define("hookboard_deliveries_processed_total", "Deliveries applied successfully, by source");
    this.define("hookboard_deliveries_retried_total", "Delivery attempts that failed and were scheduled again, by source");
    this.define("hookboard_deliveries_dead_total", "Deliveries parked as dead after their last attempt, by source");
    this.define("hookboard_deliveries_pruned_total", "Old deliveries deleted by retention, by status (done, dead)");
    this.define("hookboard_requests_rejected_total", "Webhook requests refused, by source and status");
  }

  define(name: string, help: string): void {
    if (!this.counters.has(name)) this.counters.set(name, { help, values: new Map() });
  }

  inc(name: string, labels: Labels, by = 1): void {
    const counter = this.counters.get(name);
    if (!counter) throw new Error(`unknown metric ${name}`);
    const key = JSON.stringify(labels);
    const entry = counter.values.get(key);
    if (entry) entry.value += by;
    else counter.values.set(key, { labels, value: by });
  }

  get(name: string, labels: Labels): number {
    return this.counters.get(name)?.values.get(JSON.stringify(labels))?.value ?? 0;
  }

  /** Prometheus text exposition format; `extra` adds gauges read at scrape time. */
  render(extra: { name: string; help: string; type: "gauge" | "counter"; samples: { labels: Labels; value: number }[] }[] = []): string {
    const lines: string[] = [];
    const fmt = (labels: Labels) => {
      const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, "_")}"`);
      return parts.length ? `{${parts.join(",")}}` : "";
    };
    for (const [name, counter] of this.counters) {
      lines.push(`# HELP ${name} ${counter.help}`, `# TYPE ${name} counter`);
      for (const { labels, value } of counter.values.values()) lines.push(`${name}${fmt(labels)} ${value}`);
    }
    for (const metric of extra) {
      lines.push(`# HELP ${metric.name} ${metric.help}`, `# TYPE ${metric.name} ${metric.type}`);
      for (const { labels, value } of metric.samples) lines.push(`${metric.name}${fmt(labels)} ${value}`);
    }
    return lines.join("\n") + "\n";
  }
}
