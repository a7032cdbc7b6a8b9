// The board's recent deliveries, newest first, with how processing went; older ones on request.
// Filtered by status and event; a delivery opens to its detail (console/DeliveryDetailDialog.tsx).
import { Button, EmptyState, Flex, Heading, Label, TableBody, TableCell, TableRow, Text, type TableColumn } from "@vibe/core";
import { lazy, Suspense } from "react";
import type { DeliveryFilter } from "../api/types.ts";
import { needsConnection } from "../api/api-error.ts";
import { ErrorBox } from "../ui/ErrorBox.tsx";
import { TableFrame, TableHeaderRow } from "../ui/TableFrame.tsx";
import { formatDateTime, timeAgo } from "../ui/format.ts";
import { deliveryStatusLabel, deliveryTypeText } from "./delivery-words.ts";
import styles from "./DeliveriesSection.module.css";
import type { useDeliveryPages } from "./use-delivery-pages.ts";

// Vibe's Dropdown (react-select) is most of a chunk of its own: the filters load after the first paint
const DeliveryFilters = lazy(() => import("./DeliveryFilters.tsx"));

// fits a 600 px view; narrower, it scrolls sideways with the time staying in place
const COLUMNS: TableColumn[] = [
  { id: "received", title: "Received", width: 140, loadingStateType: "medium-text" },
  { id: "type", title: "Event", width: { min: 170, max: "1fr" }, loadingStateType: "long-text" },
  { id: "status", title: "Status", width: 140, loadingStateType: "rectangle" },
  { id: "attempts", title: "Attempts", width: 100, loadingStateType: "medium-text" },
];

interface Props {
  pages: ReturnType<typeof useDeliveryPages>;
  now: number;
  filter: DeliveryFilter;
  onFilter: (filter: DeliveryFilter) => void;
  onOpen: (deliveryId: string) => void;
}

export function DeliveriesSection({ pages, now, filter, onFilter, onOpen }: Props) {
  const { rows, first, hasOlder, loadingOlder, olderError, loadOlder } = pages;
  const filtered = Boolean(filter.status || filter.type);
  return (
    <section aria-labelledby="deliveries-heading">
      <Flex direction="column" align="stretch" gap="medium">
        <Flex direction="column" align="start">
          <Heading type="h2" id="deliveries-heading">
            Recent deliveries
          </Heading>
          <Text type="text2" color="secondary">
            Every event monday sent for this board, newest first, and how Hookboard processed it.
          </Text>
        </Flex>
        <Suspense fallback={<div className={styles.filtersPlaceholder} aria-hidden="true" />}>
          <DeliveryFilters filter={filter} onFilter={onFilter} />
        </Suspense>
        {rows && first.error !== null && <ErrorBox error={first.error} doing="refresh the deliveries" onRetry={() => void first.reload()} />}
        <TableFrame
          label="Recent deliveries"
          empty={rows?.length === 0}
          columns={COLUMNS}
          dataState={{ isLoading: !rows && !first.error, isError: !rows && Boolean(first.error) }}
          errorState={
            needsConnection(first.error) ? (
              <EmptyState
                layout="compact"
                title="Connect to see this board's deliveries"
                description="Hookboard checks with monday, with your own connection, that you can see the board before it shows its deliveries."
                data-testid="deliveries-connect-first"
              />
            ) : (
              <ErrorBox error={first.error} doing="load this board's deliveries" onRetry={() => void first.reload()} />
            )
          }
          emptyState={
            <EmptyState
              layout="compact"
              title={filtered ? "No deliveries match the filter" : "No deliveries for this board yet"}
              description={
                filtered
                  ? "Clear the status or event filter to see the board's other deliveries."
                  : "They show up here as soon as monday sends an event for one of this board's webhooks. Change something on the board to see one arrive."
              }
              data-testid="deliveries-empty"
            />
          }
          data-testid="deliveries-table"
        >
          <TableHeaderRow columns={COLUMNS} />
          <TableBody>
            {(rows ?? []).map((d) => {
              const status = deliveryStatusLabel(d.status);
              return (
                <TableRow key={d.id} data-testid={`delivery-${d.id}`}>
                  <TableCell sticky>
                    <Text element="span" title={formatDateTime(d.receivedAt)}>
                      {timeAgo(d.receivedAt, now)}
                    </Text>
                  </TableCell>
                  <TableCell>
                    <Flex gap="xs">
                      <Button
                        kind="tertiary"
                        size="small"
                        onClick={() => onOpen(d.id)}
                        aria-label={`Open ${deliveryTypeText(d.type)}, ${status.text}`}
                        data-testid={`open-delivery-${d.id}`}
                      >
                        {deliveryTypeText(d.type)}
                      </Button>
                      {d.signed === false && (
                        <span
                          title="monday did not sign this event (a webhook made by hand or with a personal token): nothing proves monday sent it"
                          data-testid="delivery-unsigned"
                        >
                          <Label text="Unsigned" color="american_gray" kind="line" />
                        </span>
                      )}
                    </Flex>
                  </TableCell>
                  <TableCell>
                    <Label text={status.text} color={status.color} />
                  </TableCell>
                  <TableCell>{String(d.attempts)}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </TableFrame>
        {olderError !== null && <ErrorBox error={olderError} doing="load older deliveries" onRetry={() => void loadOlder()} />}
        {hasOlder && (
          <Flex justify="center">
            <Button kind="secondary" size="small" loading={loadingOlder} onClick={() => void loadOlder()} data-testid="older-deliveries">
              Show older deliveries
            </Button>
          </Flex>
        )}
      </Flex>
    </section>
  );
}
