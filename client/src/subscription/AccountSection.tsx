// The account's side of things: subscription, install, and Hookboard's connection to monday.
import { Flex, Heading, Skeleton, Text } from "@vibe/core";
import type { LifecycleEntry, Me } from "../api/types.ts";
import { LifecycleTimeline } from "../console/LifecycleTimeline.tsx";
import { OAuthCard } from "../oauth/OAuthCard.tsx";
import { ErrorBox } from "../ui/ErrorBox.tsx";
import type { Resource } from "../ui/use-resource.ts";
import { InstallCard } from "./InstallCard.tsx";
import { SubscriptionCard } from "./SubscriptionCard.tsx";
import styles from "./AccountSection.module.css";

interface Props {
  me: Resource<Me>;
  /** the account's lifecycle history */
  timeline: Resource<LifecycleEntry[]>;
  now: number;
  canWrite: boolean;
  startOAuth: () => Promise<string>;
  /** the OAuth window closed: what needs monday's connection can be asked again */
  onConnectionChanged: () => void;
}

export function AccountSection({ me, timeline, now, canWrite, startOAuth, onConnectionChanged }: Props) {
  const reload = () => void me.reload();
  return (
    <section aria-labelledby="account-heading">
      <Flex direction="column" align="stretch" gap="medium">
        <Flex direction="column" align="start">
          <Heading type="h2" id="account-heading">
            {me.data?.account.name ?? "This account"}
          </Heading>
          <Text type="text2" color="secondary">
            What monday last told Hookboard about this account.
          </Text>
        </Flex>
        {me.error !== null && <ErrorBox error={me.error} doing="load the account's subscription and install state" onRetry={reload} />}
        {me.data ? (
          <div className={styles.cards}>
            <SubscriptionCard subscription={me.data.subscription} now={now} />
            <InstallCard install={me.data.install} />
            <OAuthCard
              oauth={me.data.oauth}
              canWrite={canWrite}
              startOAuth={startOAuth}
              onFlowEnded={() => {
                reload();
                onConnectionChanged();
              }}
            />
          </div>
        ) : (
          me.error === null && (
            <div className={styles.cards} data-testid="account-loading">
              <Skeleton type="rectangle" fullWidth height={132} />
              <Skeleton type="rectangle" fullWidth height={132} />
              <Skeleton type="rectangle" fullWidth height={132} />
            </div>
          )
        )}
        <LifecycleTimeline events={timeline} />
      </Flex>
    </section>
  );
}
