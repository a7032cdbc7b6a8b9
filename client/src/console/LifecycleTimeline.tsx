// The account's app lifecycle timeline, newest first: what monday delivered, told apart from what
// Hookboard corrected after reading monday's own records (reconcile).
import { Flex, Heading, Label, Text } from "@vibe/core";
import type { LifecycleEntry } from "../api/types.ts";
import { deliveryTypeText } from "../deliveries/delivery-words.ts";
import { ErrorBox } from "../ui/ErrorBox.tsx";
import { formatDateTime } from "../ui/format.ts";
import type { Resource } from "../ui/use-resource.ts";
import styles from "./LifecycleTimeline.module.css";

const ORIGIN = {
  delivered: { text: "Delivered by monday", color: "primary" },
  reconciled: { text: "From monday's records", color: "american_gray" },
} as const;

export function LifecycleTimeline({ events }: { events: Resource<LifecycleEntry[]> }) {
  return (
    <section aria-labelledby="timeline-heading" data-testid="lifecycle-timeline">
      <Flex direction="column" align="stretch" gap="small">
        <Heading type="h3" id="timeline-heading">
          Install and subscription history
        </Heading>
        {events.error !== null && <ErrorBox error={events.error} doing="load the account's history" onRetry={() => void events.reload()} />}
        {events.data?.length === 0 && (
          <Text type="text2" color="secondary">
            Nothing yet: monday sends an event when the app is installed or its plan changes.
          </Text>
        )}
        <ol className={styles.list}>
          {(events.data ?? []).map((e) => (
            <li key={e.id} className={styles.entry} data-testid={`timeline-${e.origin}`}>
              <Text element="span" type="text2" color="secondary" className={styles.when}>
                {formatDateTime(e.occurredAt)}
              </Text>
              <Text element="span" type="text2" weight="bold">
                {deliveryTypeText(e.type)}
                {e.planId ? ` (plan ${e.planId})` : ""}
              </Text>
              <Label text={ORIGIN[e.origin].text} color={ORIGIN[e.origin].color} />
            </li>
          ))}
        </ol>
      </Flex>
    </section>
  );
}
