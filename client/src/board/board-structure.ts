// The board's columns, status labels and groups, read from monday as the signed-in user, so the
// view can name them ("Status column set to Done") instead of showing ids.
import { queryMonday } from "../monday/sdk.ts";

export interface StatusLabel {
  /** the number monday's status values and webhook configs use (`{"index": n}`) */
  index: number;
  label: string;
}

export interface BoardColumn {
  id: string;
  title: string;
  type: string;
  labels: StatusLabel[];
}

export interface BoardGroup {
  id: string;
  title: string;
}

export interface BoardStructure {
  columns: BoardColumn[];
  groups: BoardGroup[];
}

const QUERY = `query ($board: [ID!]) { boards(ids: $board) { columns { id title type settings } groups { id title } } }`;

interface RawColumn {
  id?: unknown;
  title?: unknown;
  type?: unknown;
  settings?: unknown;
}

interface RawBoard {
  columns?: RawColumn[] | null;
  groups?: { id?: unknown; title?: unknown }[] | null;
}

/** `settings.labels` is a list since API 2025-10; older versions gave an index → label map. */
export function statusLabelsOf(settings: unknown): StatusLabel[] {
  const raw = typeof settings === "string" ? safeJson(settings) : settings;
  const labels = raw && typeof raw === "object" ? (raw as { labels?: unknown }).labels : undefined;
  if (Array.isArray(labels)) {
    return labels.flatMap((l: { id?: unknown; label?: unknown; is_deactivated?: unknown }) =>
      typeof l.id === "number" && typeof l.label === "string" && l.label && l.is_deactivated !== true ? [{ index: l.id, label: l.label }] : [],
    );
  }
  if (labels && typeof labels === "object") {
    return Object.entries(labels as Record<string, unknown>).flatMap(([index, label]) =>
      typeof label === "string" && label && /^\d+$/.test(index) ? [{ index: Number(index), label }] : [],
    );
  }
  return [];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");

export async function loadBoardStructure(boardId: string): Promise<BoardStructure> {
  const data = await queryMonday<{ boards?: RawBoard[] | null }>(QUERY, { board: [boardId] });
  const board = data.boards?.[0];
  if (!board) throw new Error("monday did not return this board");
  return {
    columns: (board.columns ?? []).map((c) => ({
      id: str(c.id),
      title: str(c.title),
      type: str(c.type),
      labels: c.type === "status" ? statusLabelsOf(c.settings) : [],
    })),
    groups: (board.groups ?? []).map((g) => ({ id: str(g.id), title: str(g.title) })),
  };
}
