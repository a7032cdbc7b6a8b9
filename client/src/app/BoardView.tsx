// Everything the view shows for one board: the account's state, the board's webhooks and their
// deliveries, refreshed while the view is open.
import { Box, Flex, Heading, Text } from "@vibe/core";
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import type { DeliveryFilter } from "../api/types.ts";
import { WebhookWeekSection } from "../console/WebhookWeekSection.tsx";
import type { HookboardApi } from "../api/client.ts";
import { useBoardStructure } from "../board/use-board-structure.ts";
import { DeliveriesSection } from "../deliveries/DeliveriesSection.tsx";
import { useDeliveryPages } from "../deliveries/use-delivery-pages.ts";
import type { BoardViewContext } from "../monday/sdk.ts";
import { AccountSection } from "../subscription/AccountSection.tsx";
import { useInterval } from "../ui/use-interval.ts";
import { useResource } from "../ui/use-resource.ts";
import { WebhooksSection } from "../webhooks/WebhooksSection.tsx";
import { firstOr, loadKey } from "./first-loads.ts";
import styles from "./BoardView.module.css";

// Deliveries and webhooks are read from Hookboard's own database (monday is asked only when a user
// checks, and in the background): deliveries are polled often, webhooks when a new delivery shows
// up, or every 30 s.
const DELIVERIES_REFRESH_MS = 5000;
const WEBHOOKS_REFRESH_MS = 30_000;
const ACCOUNT_REFRESH_MS = 60_000;

// the detail dialog is loaded when a delivery is first opened
const DeliveryDetailDialog = lazy(() => import("../console/DeliveryDetailDialog.tsx"));

export function BoardView({ context, api }: { context: BoardViewContext; api: HookboardApi }) {
  const boardId = context.boardId;
  if (!boardId) {
    return (
      <Box padding="large">
        <Text type="text1">Hookboard shows a board's webhooks. Add it as a view on a board.</Text>
      </Box>
    );
  }
  return <BoardPage key={`${context.accountId}:${boardId}`} boardId={boardId} context={context} api={api} />;
}

function BoardPage({ boardId, context, api }: { boardId: string; context: BoardViewContext; api: HookboardApi }) {
  const [now, setNow] = useState(() => Date.now());
  const me = useResource(
    firstOr(loadKey.me(context.accountId), () => api.me()),
    loadKey.me(context.accountId),
  );
  // the server decides from the sessionToken (a token without role flags is a viewer's); monday's context agrees or is stricter
  const canWrite = !context.user.isViewOnly && !context.user.isGuest && me.data?.user?.canEdit !== false;
  const webhooks = useResource(
    firstOr(loadKey.webhooks(boardId), () => api.webhooks(boardId)),
    loadKey.webhooks(boardId),
  );
  const [filter, setFilter] = useState<DeliveryFilter>({});
  const [opened, setOpened] = useState<string | null>(null);
  const deliveries = useDeliveryPages(api, boardId, filter);
  const daily = useResource(() => api.dailyCounts(boardId), `daily:${boardId}`);
  const timeline = useResource(() => api.lifecycleEvents(), `timeline:${context.accountId}`);
  const structure = useBoardStructure(boardId);

  useInterval(() => {
    setNow(Date.now());
    void deliveries.first.reload();
  }, DELIVERIES_REFRESH_MS);
  useInterval(() => void webhooks.reload(), WEBHOOKS_REFRESH_MS);
  useInterval(() => {
    void me.reload();
    void timeline.reload();
  }, ACCOUNT_REFRESH_MS);

  // a new delivery changes its webhook's last delivery and counts
  const newestDelivery = deliveries.first.data ? (deliveries.first.data.deliveries[0]?.id ?? "none") : null;
  const seenNewest = useRef(newestDelivery);
  const reloadWebhooks = webhooks.reload;
  const reloadDaily = daily.reload;
  useEffect(() => {
    if (newestDelivery === null) return;
    if (seenNewest.current !== null && newestDelivery !== seenNewest.current) {
      void reloadWebhooks();
      void reloadDaily();
    }
    seenNewest.current = newestDelivery;
  }, [newestDelivery, reloadWebhooks, reloadDaily]);

  return (
    <Box padding="large" className={styles.page}>
      <Flex direction="column" align="stretch" gap="large">
        <header>
          <Heading type="h1" weight="bold">
            Hookboard
          </Heading>
          <Text type="text2" color="secondary">
            Webhook health for this board, and your app&apos;s subscription on this account.
            {!canWrite && " You can look at everything here; changing webhooks needs edit rights on this board."}
          </Text>
        </header>
        <AccountSection
          me={me}
          timeline={timeline}
          now={now}
          canWrite={canWrite}
          startOAuth={api.startOAuth}
          onConnectionChanged={() => {
            void webhooks.reload();
            void deliveries.first.reload();
          }}
        />
        <WebhooksSection
          boardId={boardId}
          api={api}
          webhooks={webhooks}
          structure={structure}
          now={now}
          canWrite={canWrite}
          isAdmin={(me.data?.user?.isAdmin ?? context.user.isAdmin) && canWrite}
          connected={me.data ? me.data.oauth.connected : null}
          onChanged={() => {
            void deliveries.first.reload();
            void daily.reload();
          }}
        />
        <WebhookWeekSection daily={daily} webhooks={webhooks.data} />
        <DeliveriesSection pages={deliveries} now={now} filter={filter} onFilter={setFilter} onOpen={setOpened} />
        {opened !== null && (
          <Suspense fallback={null}>
            <DeliveryDetailDialog
              deliveryId={opened}
              api={api}
              canRetry={(me.data?.user?.isAdmin ?? context.user.isAdmin) && canWrite}
              onClose={() => setOpened(null)}
              onChanged={() => {
                void deliveries.first.reload();
                void daily.reload();
              }}
            />
          </Suspense>
        )}
      </Flex>
    </Box>
  );
}
