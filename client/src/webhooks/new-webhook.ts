// The create dialog's values, checked before anything is sent, and turned into the API's body.
import type { BoardStructure } from "../board/board-structure.ts";
import type { NewWebhook, WebhookConfig } from "../api/types.ts";
import { eventDefinition, type ConfigField } from "./events.ts";

export interface WebhookDraft {
  event: string | null;
  columnId: string;
  /** a status label's index as text; empty means any label */
  statusIndex: string;
  groupId: string;
}

export const EMPTY_DRAFT: WebhookDraft = { event: null, columnId: "", statusIndex: "", groupId: "" };

export type DraftErrors = Partial<Record<"event" | ConfigField, string>>;

export type Checked = { ok: true; webhook: NewWebhook } | { ok: false; errors: DraftErrors };

// monday's column and group ids: letters, digits and underscores
const MONDAY_ID = /^[A-Za-z0-9_]{1,100}$/;

export function checkDraft(draft: WebhookDraft, structure: BoardStructure | null): Checked {
  const definition = draft.event ? eventDefinition(draft.event) : undefined;
  if (!definition) return { ok: false, errors: { event: "Choose the event that should trigger the webhook." } };

  const errors: DraftErrors = {};
  const columnId = draft.columnId.trim();
  const groupId = draft.groupId.trim();
  const statusIndex = draft.statusIndex.trim();
  const column = structure?.columns.find((c) => c.id === columnId);
  let config: WebhookConfig | undefined;

  if (definition.fields.includes("column")) {
    if (!columnId) errors.column = "Choose the column to watch.";
    else if (!MONDAY_ID.test(columnId)) errors.column = "A column id has only letters, digits and underscores.";
    else if (structure && !column) errors.column = "This board has no such column.";
    else config = { columnId };
  }

  if (definition.fields.includes("statusColumn")) {
    if (!columnId) errors.statusColumn = "Choose the status column to watch.";
    else if (!MONDAY_ID.test(columnId)) errors.statusColumn = "A column id has only letters, digits and underscores.";
    else if (structure && column?.type !== "status") errors.statusColumn = "Choose one of the board's status columns.";
    if (statusIndex && !/^\d{1,4}$/.test(statusIndex)) errors.statusLabel = "A status label's index is a whole number.";
    else if (statusIndex && column && !column.labels.some((l) => l.index === Number(statusIndex))) errors.statusLabel = "This column has no such label.";
    if (!errors.statusColumn && !errors.statusLabel) {
      config = { columnId, columnValue: statusIndex ? { index: Number(statusIndex) } : { $any$: true } };
    }
  }

  if (definition.fields.includes("group")) {
    if (!groupId) errors.group = "Choose the group items move into.";
    else if (!MONDAY_ID.test(groupId)) errors.group = "A group id has only letters, digits and underscores.";
    else if (structure && !structure.groups.some((g) => g.id === groupId)) errors.group = "This board has no such group.";
    else config = { groupId };
  }

  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, webhook: config ? { event: definition.event, config } : { event: definition.event } };
}
