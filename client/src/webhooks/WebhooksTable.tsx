// The board's webhooks with their health, in Vibe's table.
import { Button, EmptyState, Flex, Label, TableBody, TableCell, TableRow, Text, type TableColumn } from "@vibe/core";
import { needsConnection } from "../api/api-error.ts";
import type { BoardStructure } from "../board/board-structure.ts";
import type { BoardWebhook } from "../api/types.ts";
import { ErrorBox } from "../ui/ErrorBox.tsx";
import { TableFrame, TableHeaderRow } from "../ui/TableFrame.tsx";
import { formatDateTime, timeAgo } from "../ui/format.ts";
import { describeConfig } from "./describe-config.ts";
import { eventLabel } from "./events.ts";
import { healthLabel } from "./health-label.ts";
import { originLabel } from "./origin-label.ts";

// at monday's narrower view widths the table scrolls sideways, the event staying in place
const COLUMNS: TableColumn[] = [
  { id: "event", title: "Event", width: { min: 170, max: "1fr" }, loadingStateType: "medium-text" },
  { id: "config", title: "Configuration", width: { min: 170, max: "1fr" }, loadingStateType: "long-text" },
  { id: "health", title: "Health", width: 220, loadingStateType: "rectangle" },
  { id: "last", title: "Last delivery", width: 120, loadingStateType: "medium-text" },
  { id: "deliveries", title: "Deliveries (24 h)", width: 130, loadingStateType: "medium-text" },
  { id: "failures", title: "Failures (24 h)", width: 120, loadingStateType: "medium-text" },
];
const ACTIONS: TableColumn = { id: "actions", title: "Actions", width: 170 };

interface Props {
  webhooks: BoardWebhook[] | null;
  error: unknown;
  structure: BoardStructure | null;
  now: number;
  /** whether this user may add and delete webhooks now */
  actions: boolean;
  /** admins recreate missing webhooks and give hand-made ones a new URL */
  isAdmin: boolean;
  emptyDescription: string;
  /** whether this user can connect Hookboard (viewers and guests cannot) */
  canConnect: boolean;
  onRetry: () => void;
  onAdd: () => void;
  onDelete: (webhook: BoardWebhook) => void;
  onRecreate: (webhook: BoardWebhook) => void;
  onShowUrl: (webhook: BoardWebhook) => void;
  /** the webhook being recreated, if any */
  recreating: string | null;
}

export function WebhooksTable(props: Props) {
  const { webhooks, error, structure, now, actions, isAdmin, emptyDescription, canConnect, onRetry, onAdd, onDelete, onRecreate, onShowUrl, recreating } =
    props;
  const columns = actions ? [...COLUMNS, ACTIONS] : COLUMNS;
  return (
    <TableFrame
      label="Webhooks on this board"
      empty={webhooks?.length === 0}
      columns={columns}
      dataState={{ isLoading: !webhooks && !error, isError: !webhooks && Boolean(error) }}
      errorState={
        needsConnection(error) ? (
          <EmptyState
            layout="compact"
            title="Connect to see this board's webhooks"
            description={
              canConnect
                ? "Hookboard asks monday about the board with your own monday connection. Connect above; the webhooks show here right after."
                : "Hookboard asks monday about the board with the monday connection of the user who looks; viewers and guests cannot connect."
            }
            data-testid="webhooks-connect-first"
          />
        ) : (
          <ErrorBox error={error} doing="load this board's webhooks" onRetry={onRetry} />
        )
      }
      emptyState={
        <EmptyState
          layout="compact"
          title="No webhooks on this board yet"
          description={emptyDescription}
          {...(actions ? { mainAction: { text: "Add webhook", onClick: onAdd } } : {})}
          data-testid="webhooks-empty"
        />
      }
      data-testid="webhooks-table"
    >
      <TableHeaderRow columns={columns} />
      <TableBody>
        {(webhooks ?? []).map((w) => {
          const health = healthLabel(w.health.state);
          const origin = originLabel(w.origin);
          const canRecreate = isAdmin && w.origin === "oauth" && w.state === "missing";
          const cells = [
            <TableCell key="event" sticky>
              {origin ? (
                <Flex gap="xs">
                  {/* the cell's own typography, which it gives only to plain text */}
                  <Text type="text2" color="primary">
                    {eventLabel(w.event)}
                  </Text>
                  <span title={origin.title} data-testid="webhook-unsigned">
                    <Label text={origin.text} color="american_gray" kind="line" />
                  </span>
                </Flex>
              ) : (
                eventLabel(w.event)
              )}
            </TableCell>,
            <TableCell key="config">{describeConfig(w.config, structure)}</TableCell>,
            <TableCell key="health">
              <Label text={health.text} color={health.color} />
            </TableCell>,
            <TableCell key="last">
              {w.health.lastDeliveryAt ? (
                <Text element="span" title={formatDateTime(w.health.lastDeliveryAt)} data-testid="last-delivery">
                  {timeAgo(w.health.lastDeliveryAt, now)}
                </Text>
              ) : (
                <Text element="span" color="secondary" data-testid="last-delivery">
                  None yet
                </Text>
              )}
            </TableCell>,
            <TableCell key="deliveries">{String(w.health.deliveries24h)}</TableCell>,
            <TableCell key="failures">{String(w.health.failures24h)}</TableCell>,
          ];
          if (actions) {
            cells.push(
              <TableCell key="actions">
                <Flex gap="xs">
                  {w.url && (
                    <Button kind="tertiary" size="small" onClick={() => onShowUrl(w)} aria-label={`URL: ${eventLabel(w.event)}`} data-testid="row-url">
                      URL
                    </Button>
                  )}
                  {canRecreate && (
                    <Button
                      kind="tertiary"
                      size="small"
                      loading={recreating === w.id}
                      onClick={() => onRecreate(w)}
                      aria-label={`Recreate: ${eventLabel(w.event)}`}
                      data-testid="row-recreate"
                    >
                      Recreate
                    </Button>
                  )}
                  {(w.origin !== "recipe" || isAdmin) && (
                    <Button kind="tertiary" size="small" onClick={() => onDelete(w)} aria-label={`Delete webhook: ${eventLabel(w.event)}`}>
                      Delete
                    </Button>
                  )}
                </Flex>
              </TableCell>,
            );
          }
          return (
            <TableRow key={w.id} data-testid={`webhook-row-${w.id}`}>
              {cells}
            </TableRow>
          );
        })}
      </TableBody>
    </TableFrame>
  );
}
