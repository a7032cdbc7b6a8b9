// A webhook's last 7 days as a small bar chart: deliveries per day, the failed part of each bar in
// red. People would rather look than read; screen readers get the same figures as text.
import { Text } from "@vibe/core";
import type { DailyCounts } from "../api/types.ts";
import styles from "./WeekChart.module.css";

type Day = DailyCounts["webhooks"][number]["days"][number];

const WIDTH = 140;
const HEIGHT = 36;
const GAP = 4;
const weekday = new Intl.DateTimeFormat("en", { weekday: "short", timeZone: "UTC" });

/** The week in one line, shown under the chart. */
export function weekSummary(days: Day[]): string {
  const total = days.reduce((n, d) => n + d.deliveries, 0);
  const failed = days.reduce((n, d) => n + d.failures, 0);
  if (total === 0) return "No deliveries in the last 7 days";
  return `${total} ${total === 1 ? "delivery" : "deliveries"} in the last 7 days, ${failed} failed`;
}

/** Every day's figures in words, the chart's text alternative. */
export function weekInWords(days: Day[]): string {
  const perDay = days.map((d) => `${weekday.format(Date.parse(d.date))} ${d.deliveries}${d.failures ? ` (${d.failures} failed)` : ""}`).join(", ");
  return `${weekSummary(days)}: ${perDay}.`;
}

export function WeekChart({ days, label }: { days: Day[]; label: string }) {
  const most = Math.max(1, ...days.map((d) => d.deliveries));
  const bar = (WIDTH - GAP * (days.length - 1)) / days.length;
  const words = weekInWords(days);
  const summary = weekSummary(days);
  return (
    <figure className={styles.figure} data-testid="week-chart">
      <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${label}: ${words}`}>
        {days.map((d, i) => {
          const x = i * (bar + GAP);
          const h = d.deliveries ? Math.max(2, (d.deliveries / most) * HEIGHT) : 1;
          const f = d.failures ? Math.max(2, (d.failures / most) * HEIGHT) : 0;
          return (
            <g key={d.date}>
              <rect x={x} y={HEIGHT - h} width={bar} height={h} className={d.deliveries ? styles.bar : styles.empty} />
              {f > 0 && <rect x={x} y={HEIGHT - f} width={bar} height={f} className={styles.failed} />}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <Text element="span" type="text3" color="secondary" ellipsis={false} data-testid="week-chart-text">
          {summary}
        </Text>
      </figcaption>
    </figure>
  );
}
