// The board webhook payloads of seed 002 (monday's webhooks page), as valid JSON, each with the
// subscription event (and config) of the webhook that receives it.
export const SEED_BOARD_ID = "1771812698";

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
