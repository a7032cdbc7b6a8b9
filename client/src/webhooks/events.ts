// The 21 board webhook events monday offers, in plain language, with the config each one takes.

export type ConfigField = "column" | "statusColumn" | "statusLabel" | "group";

export interface EventDefinition {
  event: string;
  label: string;
  /** what the event's config can narrow it to; empty when it takes none */
  fields: ConfigField[];
  /** fields that must be filled for the event to make sense */
  required: ConfigField[];
}

const plain = (event: string, label: string): EventDefinition => ({ event, label, fields: [], required: [] });

export const EVENTS: readonly EventDefinition[] = [
  plain("create_item", "An item is created"),
  plain("change_column_value", "Any column value changes"),
  { event: "change_specific_column_value", label: "A specific column changes", fields: ["column"], required: ["column"] },
  { event: "change_status_column_value", label: "A status changes", fields: ["statusColumn", "statusLabel"], required: ["statusColumn"] },
  plain("change_name", "An item is renamed"),
  plain("item_moved_to_any_group", "An item moves to another group"),
  { event: "item_moved_to_specific_group", label: "An item moves to a specific group", fields: ["group"], required: ["group"] },
  plain("item_archived", "An item is archived"),
  plain("item_deleted", "An item is deleted"),
  plain("item_restored", "An item is restored"),
  plain("create_update", "An update is posted"),
  plain("edit_update", "An update is edited"),
  plain("delete_update", "An update is deleted"),
  plain("create_column", "A column is added"),
  plain("create_subitem", "A subitem is created"),
  plain("change_subitem_column_value", "A subitem's column value changes"),
  plain("change_subitem_name", "A subitem is renamed"),
  plain("move_subitem", "A subitem is moved"),
  plain("subitem_archived", "A subitem is archived"),
  plain("subitem_deleted", "A subitem is deleted"),
  plain("create_subitem_update", "An update is posted on a subitem"),
];

const byName = new Map(EVENTS.map((e) => [e.event, e]));

export function eventDefinition(event: string): EventDefinition | undefined {
  return byName.get(event);
}

/** The event in plain language; an event this view does not know keeps its monday name. */
export function eventLabel(event: string): string {
  return byName.get(event)?.label ?? event;
}
