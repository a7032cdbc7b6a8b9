// Board webhook deliveries as monday sends them: the sample payloads of monday's webhooks reference, and from
// them a delivery for each of the 21 events a webhook can subscribe to. The one source of board
// bodies for `npx hookboard simulate` and the tests.
import type { BoardWebhookEvent, WebhookConfig } from "../../board-webhooks/webhook-events.ts";

export const SEED_BOARD_ID = "1771812698";
/** the subitems board of monday's create_subitem sample */
export const SEED_SUBITEMS_BOARD_ID = "1772135370";

export interface BoardEventSample {
  /** the webhook event that produces it */
  subscribe: { event: string; config?: Record<string, unknown> };
  event: Record<string, unknown>;
}

export type SeedBoardEventName = "create_item" | "create_subitem" | "change_column_value" | "create_update" | "status_column_change";

export const SEED_BOARD_EVENTS: Record<SeedBoardEventName, BoardEventSample> = {
  create_item: {
    subscribe: { event: "create_item" },
    event: {
      userId: 9603417,
      originalTriggerUuid: null,
      boardId: 1771812698,
      pulseId: 1772099344,
      pulseName: "Create_item webhook",
      groupId: "topics",
      groupName: "Group Title",
      groupColor: "#579bfc",
      isTopGroup: true,
      columnValues: {},
      app: "monday",
      type: "create_pulse",
      triggerTime: "2021-10-11T09:07:28.210Z",
      subscriptionId: 73759690,
      triggerUuid: "b5ed2e17c530f43668de130142445cba",
    },
  },
  create_subitem: {
    subscribe: { event: "create_subitem" },
    event: {
      userId: 9603417,
      originalTriggerUuid: null,
      boardId: 1772135370,
      pulseId: 1772139123,
      itemId: 1772139123,
      pulseName: "sub-item",
      groupId: "topics",
      groupName: "Subitems",
      groupColor: "#579bfc",
      isTopGroup: true,
      columnValues: {},
      app: "monday",
      type: "create_pulse",
      triggerTime: "2021-10-11T09:24:51.835Z",
      subscriptionId: 73761697,
      triggerUuid: "5c28578c66653a87b00a80aa4f7a6ce3",
      parentItemId: "1771812716",
      parentItemBoardId: "1771812698",
    },
  },
  change_column_value: {
    subscribe: { event: "change_column_value" },
    event: {
      userId: 9603417,
      originalTriggerUuid: null,
      boardId: 1771812698,
      groupId: "topics",
      pulseId: 1771812728,
      pulseName: "Crate_item webhook",
      columnId: "date4",
      columnType: "date",
      columnTitle: "Date",
      value: { date: "2021-10-11", icon: null, time: null },
      previousValue: null,
      changedAt: 1633943701.9457765,
      isTopGroup: true,
      app: "monday",
      type: "update_column_value",
      triggerTime: "2021-10-11T09:15:03.429Z",
      subscriptionId: 73760484,
      triggerUuid: "645fc8d8709d35718f1ae00ceded91e9",
    },
  },
  create_update: {
    subscribe: { event: "create_update" },
    event: {
      userId: 9603417,
      originalTriggerUuid: null,
      boardId: 1771812698,
      pulseId: 1771812728,
      body: "<p>\u00ef\u00bb\u00bfcreate_update webhook</p>",
      textBody: "\u00ef\u00bb\u00bfcreate_update webhook",
      updateId: 1190616585,
      replyId: null,
      app: "monday",
      type: "create_update",
      triggerTime: "2021-10-11T09:18:57.368Z",
      subscriptionId: 73760983,
      triggerUuid: "6119292e27abcc571f90ea4177e94973",
    },
  },
  status_column_change: {
    subscribe: { event: "change_status_column_value", config: { columnId: "status", columnValue: { $any$: true } } },
    event: {
      userId: 9603417,
      originalTriggerUuid: null,
      boardId: 1771812698,
      groupId: "topics",
      pulseId: 1772099344,
      pulseName: "Create_item webhook",
      columnId: "status",
      columnType: "color",
      columnTitle: "Status",
      value: {
        label: { index: 3, text: "Status change wbhook", style: { color: "#0086c0", border: "#3DB0DF", var_name: "blue-links" } },
        post_id: null,
      },
      previousValue: null,
      changedAt: 1633944017.473193,
      isTopGroup: true,
      app: "monday",
      type: "update_column_value",
      triggerTime: "2021-10-11T09:20:18.022Z",
      subscriptionId: 73761176,
      triggerUuid: "504b2eb76c80f672a18f892c0f700e41",
    },
  },
};

export interface BoardEventContext {
  /** the board the webhook is on (for subitem events, the parent board) */
  boardId: string;
  /** the board holding the subitems */
  subitemsBoardId: string;
  userId: number;
  /** monday's id of the webhook (`subscriptionId`) */
  subscriptionId: number;
  triggerUuid: string;
  at: Date;
  /** distinguishes the repetitions of a burst: each is about its own item */
  seq: number;
  /** the webhook's config: monday only sends events that match it (its column, status label or group) */
  config?: WebhookConfig | null;
}

function configText(config: WebhookConfig | null | undefined, key: string): string | null {
  const value = config?.[key];
  return typeof value === "string" ? value : null;
}

function configLabelIndex(config: WebhookConfig | null | undefined): number | null {
  const columnValue = config?.columnValue as { index?: unknown } | undefined;
  return typeof columnValue?.index === "number" ? columnValue.index : null;
}

/** The `config` a webhook needs for the events that take one, matching the samples below. */
export const SAMPLE_CONFIGS: Partial<Record<BoardWebhookEvent, WebhookConfig>> = {
  change_specific_column_value: { columnId: "date4" },
  change_status_column_value: SEED_BOARD_EVENTS.status_column_change.subscribe.config,
  item_moved_to_specific_group: { groupId: "group_done" },
};

// monday's samples with their identity (board, user, trigger, time) replaced by the context's
const seedItem = SEED_BOARD_EVENTS.create_item.event;
const seedDateChange = SEED_BOARD_EVENTS.change_column_value.event;
const seedStatusChange = SEED_BOARD_EVENTS.status_column_change.event;
const seedUpdate = SEED_BOARD_EVENTS.create_update.event;

/**
 * The `event` monday delivers for a webhook subscribed to `subscribed`. Seed 002 documents
 * create_pulse, update_column_value and create_update; the other `type` values are monday's names
 * as seen in deliveries (update_name, archive_pulse, delete_pulse, restore_pulse,
 * move_pulse_into_group, ...). Hookboard stores whichever type arrives, under the subscribed event.
 */
export function boardEventSample(subscribed: BoardWebhookEvent, ctx: BoardEventContext): Record<string, unknown> {
  const seconds = ctx.at.getTime() / 1000;
  const common = {
    userId: ctx.userId,
    originalTriggerUuid: null,
    boardId: Number(ctx.boardId),
    app: "monday",
    triggerTime: ctx.at.toISOString(),
    subscriptionId: ctx.subscriptionId,
    triggerUuid: ctx.triggerUuid,
  };
  const itemId = 1772099344 + ctx.seq;
  const item = { pulseId: itemId, pulseName: `Simulated item ${ctx.seq + 1}`, groupId: "topics", isTopGroup: true };
  const subitemId = 1772139123 + ctx.seq;
  const subitem = {
    ...common,
    boardId: Number(ctx.subitemsBoardId),
    pulseId: subitemId,
    itemId: subitemId,
    pulseName: `Simulated subitem ${ctx.seq + 1}`,
    groupId: "topics",
    isTopGroup: true,
    parentItemId: String(itemId),
    parentItemBoardId: ctx.boardId,
  };
  const updateId = 1190616585 + ctx.seq;
  const column = configText(ctx.config, "columnId");
  const labelIndex = configLabelIndex(ctx.config);
  const destGroupId = configText(ctx.config, "groupId") ?? "group_done";
  switch (subscribed) {
    case "create_item":
      return { ...seedItem, ...common, ...item, type: "create_pulse" };
    case "create_subitem":
      return { ...subitem, groupName: "Subitems", groupColor: "#579bfc", columnValues: {}, type: "create_pulse" };
    case "change_column_value":
    case "change_specific_column_value":
      return {
        ...seedDateChange,
        ...common,
        ...item,
        ...(column ? { columnId: column } : {}),
        value: { date: ctx.at.toISOString().slice(0, 10), icon: null, time: null },
        changedAt: seconds,
        type: "update_column_value",
      };
    case "change_status_column_value": {
      const value = seedStatusChange.value as { label: Record<string, unknown>; post_id: null };
      return {
        ...seedStatusChange,
        ...common,
        ...item,
        ...(column ? { columnId: column } : {}),
        ...(labelIndex !== null ? { value: { ...value, label: { ...value.label, index: labelIndex } } } : {}),
        changedAt: seconds,
        type: "update_column_value",
      };
    }
    case "change_subitem_column_value":
      return {
        ...subitem,
        columnId: "status",
        columnType: "color",
        columnTitle: "Status",
        value: seedStatusChange.value,
        previousValue: null,
        changedAt: seconds,
        type: "update_column_value",
      };
    case "change_name":
      return { ...common, ...item, value: { name: item.pulseName }, previousValue: { name: "New item" }, changedAt: seconds, type: "update_name" };
    case "change_subitem_name":
      return { ...subitem, value: { name: subitem.pulseName }, previousValue: { name: "Subitem" }, changedAt: seconds, type: "update_name" };
    case "item_archived":
      return { ...common, ...item, itemId, type: "archive_pulse" };
    case "item_deleted":
      return { ...common, ...item, itemId, type: "delete_pulse" };
    case "item_restored":
      return { ...common, ...item, itemId, type: "restore_pulse" };
    case "item_moved_to_any_group":
    case "item_moved_to_specific_group":
      return {
        ...common,
        ...item,
        itemId,
        sourceGroupId: "topics",
        destGroupId,
        destGroup: { id: destGroupId, title: destGroupId === "group_done" ? "Done" : destGroupId, color: "#00c875", is_top_group: false },
        type: "move_pulse_into_group",
      };
    case "move_subitem":
      return { ...subitem, parentItemId: String(itemId + 1), previousParentItemId: String(itemId), type: "move_subitem" };
    case "subitem_archived":
      return { ...subitem, type: "archive_pulse" };
    case "subitem_deleted":
      return { ...subitem, type: "delete_pulse" };
    case "create_column":
      return { ...common, columnId: `text_${ctx.seq}`, columnType: "text", columnTitle: `Notes ${ctx.seq + 1}`, type: "create_column" };
    case "create_update":
      return { ...seedUpdate, ...common, pulseId: itemId, updateId, body: "<p>Simulated update</p>", textBody: "Simulated update", type: "create_update" };
    case "edit_update":
      return {
        ...seedUpdate,
        ...common,
        pulseId: itemId,
        updateId,
        body: "<p>Simulated update, edited</p>",
        textBody: "Simulated update, edited",
        type: "edit_update",
      };
    case "delete_update":
      return { ...common, pulseId: itemId, updateId, type: "delete_update" };
    case "create_subitem_update":
      return { ...seedUpdate, ...subitem, updateId, body: "<p>Simulated subitem update</p>", textBody: "Simulated subitem update", type: "create_update" };
  }
}
