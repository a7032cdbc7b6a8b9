// Everything the view shows for one board: the account's state, the board's webhooks and their
// deliveries, refreshed while the view is open.
import { Box, Flex, Heading, Text } from "@vibe/core";
import { useEffect, useRef, useState } from "react";
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

// Deliveries are read from Hookboard's own database, so they are polled often; listing webhooks
// also asks monday (reconciliation), so it is refreshed when a new delivery shows up, or slowly.
const DELIVERIES_REFRESH_MS = 5000;
const WEBHOOKS_REFRESH_MS = 60_000;
const ACCOUNT_REFRESH_MS = 60_000;

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
  const deliveries = useDeliveryPages(api, boardId);
  const structure = useBoardStructure(boardId);

  useInterval(() => {
    setNow(Date.now());
    void deliveries.first.reload();
  }, DELIVERIES_REFRESH_MS);
  useInterval(() => void webhooks.reload(), WEBHOOKS_REFRESH_MS);
  useInterval(() => void me.reload(), ACCOUNT_REFRESH_MS);

  // a new delivery changes its webhook's last delivery and counts
  const newestDelivery = deliveries.first.data ? (deliveries.first.data.deliveries[0]?.id ?? "none") : null;
  const seenNewest = useRef(newestDelivery);
  const reloadWebhooks = webhooks.reload;
  useEffect(() => {
    if (newestDelivery === null) return;
    if (seenNewest.current !== null && newestDelivery !== seenNewest.current) void reloadWebhooks();
    seenNewest.current = newestDelivery;
  }, [newestDelivery, reloadWebhooks]);

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
          connected={me.data ? me.data.oauth.connected : null}
          onChanged={() => void deliveries.first.reload()}
        />
        <DeliveriesSection pages={deliveries} now={now} />
      </Flex>
    </Box>
  );
}
