// A webhook's config in words, with the board's own names when they are known.
import type { BoardStructure } from "../board/board-structure.ts";
import type { WebhookConfig } from "../api/types.ts";

function columnName(structure: BoardStructure | null, columnId: string): string {
  const column = structure?.columns.find((c) => c.id === columnId);
  return column ? `${column.title} column` : `column “${columnId}”`;
}

function statusName(structure: BoardStructure | null, columnId: string, index: number): string {
  const label = structure?.columns.find((c) => c.id === columnId)?.labels.find((l) => l.index === index);
  return label ? label.label : `label ${index}`;
}

export function describeConfig(config: WebhookConfig | null, structure: BoardStructure | null): string {
  if (!config || Object.keys(config).length === 0) return "Whole board";
  const { columnId, columnValue, groupId } = config;
  if (typeof groupId === "string") {
    const group = structure?.groups.find((g) => g.id === groupId);
    return group ? `Into group ${group.title}` : `Into group “${groupId}”`;
  }
  if (typeof columnId !== "string") return JSON.stringify(config);
  const column = columnName(structure, columnId);
  if (columnValue && typeof columnValue === "object") {
    const value = columnValue as { index?: unknown; $any$?: unknown };
    if (typeof value.index === "number") return `${column} set to ${statusName(structure, columnId, value.index)}`;
    if (value.$any$ === true) return `${column} set to any label`;
  }
  return `${column} changes`;
}
