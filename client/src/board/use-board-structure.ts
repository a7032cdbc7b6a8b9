// The current board's columns and groups; null until (or unless) monday tells them.
import { useResource } from "../ui/use-resource.ts";
import { loadBoardStructure, type BoardStructure } from "./board-structure.ts";

export function useBoardStructure(boardId: string): BoardStructure | null {
  return useResource(() => loadBoardStructure(boardId), `structure:${boardId}`).data;
}
