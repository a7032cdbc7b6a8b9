// The create dialog checks what the user chose before anything is sent, and builds the config the
// API (and monday) takes for the event.
import { describe, expect, it } from "vitest";
import type { BoardStructure } from "../board/board-structure.ts";
import { EVENTS } from "./events.ts";
import { checkDraft, EMPTY_DRAFT } from "./new-webhook.ts";

const board: BoardStructure = {
  columns: [
    {
      id: "status",
      title: "Status",
      type: "status",
      labels: [
        { index: 0, label: "Working on it" },
        { index: 1, label: "Done" },
      ],
    },
    { id: "date4", title: "Due date", type: "date", labels: [] },
  ],
  groups: [{ id: "topics", title: "This week" }],
};

describe("checking a new webhook", () => {
  it("When no event is chosen, then it asks for one", () => {
    expect(checkDraft(EMPTY_DRAFT, board)).toEqual({ ok: false, errors: { event: "Choose the event that should trigger the webhook." } });
  });

  it("When an event that takes no config is chosen, then the webhook has no config", () => {
    for (const e of EVENTS.filter((e) => e.fields.length === 0)) {
      expect(checkDraft({ ...EMPTY_DRAFT, event: e.event, columnId: "status" }, board)).toEqual({ ok: true, webhook: { event: e.event } });
    }
  });

  it("When a status label is chosen, then the config names the column and the label's index", () => {
    expect(checkDraft({ ...EMPTY_DRAFT, event: "change_status_column_value", columnId: "status", statusIndex: "1" }, board)).toEqual({
      ok: true,
      webhook: { event: "change_status_column_value", config: { columnId: "status", columnValue: { index: 1 } } },
    });
  });

  it("When a status column is chosen without a label, then any label triggers it", () => {
    expect(checkDraft({ ...EMPTY_DRAFT, event: "change_status_column_value", columnId: "status" }, board)).toEqual({
      ok: true,
      webhook: { event: "change_status_column_value", config: { columnId: "status", columnValue: { $any$: true } } },
    });
  });

  it("When the status event has no column, or a column that is not a status column, then it says so", () => {
    expect(checkDraft({ ...EMPTY_DRAFT, event: "change_status_column_value" }, board)).toEqual({
      ok: false,
      errors: { statusColumn: "Choose the status column to watch." },
    });
    expect(checkDraft({ ...EMPTY_DRAFT, event: "change_status_column_value", columnId: "date4" }, board)).toEqual({
      ok: false,
      errors: { statusColumn: "Choose one of the board's status columns." },
    });
  });

  it("When the label is not one of the column's, then it says so", () => {
    expect(checkDraft({ ...EMPTY_DRAFT, event: "change_status_column_value", columnId: "status", statusIndex: "7" }, board)).toEqual({
      ok: false,
      errors: { statusLabel: "This column has no such label." },
    });
  });

  it("When a specific column or a group is needed, then it is required and must exist on the board", () => {
    expect(checkDraft({ ...EMPTY_DRAFT, event: "change_specific_column_value" }, board)).toEqual({
      ok: false,
      errors: { column: "Choose the column to watch." },
    });
    expect(checkDraft({ ...EMPTY_DRAFT, event: "change_specific_column_value", columnId: "nope" }, board)).toEqual({
      ok: false,
      errors: { column: "This board has no such column." },
    });
    expect(checkDraft({ ...EMPTY_DRAFT, event: "change_specific_column_value", columnId: "date4" }, board)).toEqual({
      ok: true,
      webhook: { event: "change_specific_column_value", config: { columnId: "date4" } },
    });
    expect(checkDraft({ ...EMPTY_DRAFT, event: "item_moved_to_specific_group" }, board)).toEqual({
      ok: false,
      errors: { group: "Choose the group items move into." },
    });
    expect(checkDraft({ ...EMPTY_DRAFT, event: "item_moved_to_specific_group", groupId: "topics" }, board)).toEqual({
      ok: true,
      webhook: { event: "item_moved_to_specific_group", config: { groupId: "topics" } },
    });
  });

  it("When the board's columns are unknown, then typed ids are checked for their form only", () => {
    expect(checkDraft({ ...EMPTY_DRAFT, event: "change_specific_column_value", columnId: "text_mk9x" }, null)).toEqual({
      ok: true,
      webhook: { event: "change_specific_column_value", config: { columnId: "text_mk9x" } },
    });
    expect(checkDraft({ ...EMPTY_DRAFT, event: "item_moved_to_specific_group", groupId: "new group" }, null)).toEqual({
      ok: false,
      errors: { group: "A group id has only letters, digits and underscores." },
    });
    expect(checkDraft({ ...EMPTY_DRAFT, event: "change_status_column_value", columnId: "status", statusIndex: "one" }, null)).toEqual({
      ok: false,
      errors: { statusLabel: "A status label's index is a whole number." },
    });
  });

  it("When the dialog lists events, then it offers monday's 21 board webhook events once each", () => {
    const names = EVENTS.map((e) => e.event);
    expect(names).toHaveLength(21);
    expect(new Set(names).size).toBe(21);
    expect(new Set(EVENTS.map((e) => e.label)).size).toBe(21);
  });
});
