// The board's columns, status labels and groups, read from monday as the signed-in user, so the
// view can name them ("Status column set to Done") instead of showing ids.
import { queryMonday } from "../monday/sdk.ts";
import { statusLabelsOf, type StatusLabel } from "./status-labels.ts";

export type { StatusLabel };

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
