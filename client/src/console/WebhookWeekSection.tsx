// Each of the board's webhooks with a chart of its last 7 days (deliveries and failures per day).
import { Flex, Heading, Text } from "@vibe/core";
import { needsConnection } from "../api/api-error.ts";
import type { BoardWebhook, DailyCounts } from "../api/types.ts";
import { ErrorBox } from "../ui/ErrorBox.tsx";
import type { Resource } from "../ui/use-resource.ts";
import { eventDefinition } from "../webhooks/events.ts";
import { WeekChart } from "./WeekChart.tsx";
import styles from "./WebhookWeekSection.module.css";

export function WebhookWeekSection({ daily, webhooks }: { daily: Resource<DailyCounts>; webhooks: BoardWebhook[] | null }) {
  const charts = daily.data?.webhooks ?? [];
  if (daily.data && charts.length === 0) return null;
  // the webhooks table above already asks this user to connect; the charts need the same board check
  if (needsConnection(daily.error)) return null;
  const eventOf = (id: string) => webhooks?.find((w) => w.id === id)?.event;
  return (
    <section aria-labelledby="week-heading" data-testid="week-section">
      <Flex direction="column" align="stretch" gap="medium">
        <Flex direction="column" align="start">
          <Heading type="h2" id="week-heading">
            Last 7 days
          </Heading>
          <Text type="text2" color="secondary">
            Deliveries per day for each webhook (UTC days); the red part failed.
          </Text>
        </Flex>
        {daily.error !== null && <ErrorBox error={daily.error} doing="load the last 7 days" onRetry={() => void daily.reload()} />}
        <ul className={styles.list}>
          {charts.map((c) => {
            const event = eventOf(c.webhookId);
            const label = event ? (eventDefinition(event)?.label ?? event) : "Webhook";
            return (
              <li key={c.webhookId} className={styles.item} data-testid={`week-${c.webhookId}`}>
                <Text type="text2" weight="bold">
                  {label}
                </Text>
                <WeekChart days={c.days} label={label} />
              </li>
            );
          })}
        </ul>
      </Flex>
    </section>
  );
}
