// The boards the stand-in monday host describes when the view asks monday's API about a board
// (columns with their status labels, and groups), in the shape API version 2025-10+ returns.

export interface FixtureColumn {
  id: string;
  title: string;
  type: string;
  settings: { labels?: { id: number; label: string; index: number; is_deactivated: boolean }[] };
}

export interface FixtureBoard {
  name: string;
  columns: FixtureColumn[];
  groups: { id: string; title: string }[];
}

const status = (...labels: [number, string][]) => ({
  labels: labels.map(([id, label], index) => ({ id, label, index, is_deactivated: false })),
});

/** A board like the ones monday's templates make. */
export const DEMO_BOARD: FixtureBoard = {
  name: "Launch plan",
  columns: [
    { id: "name", title: "Name", type: "name", settings: {} },
    { id: "person", title: "Owner", type: "people", settings: {} },
    { id: "status", title: "Status", type: "status", settings: status([0, "Working on it"], [1, "Done"], [2, "Stuck"]) },
    { id: "priority", title: "Priority", type: "status", settings: status([7, "Low"], [10, "Medium"], [109, "High"], [110, "Critical"]) },
    { id: "date4", title: "Due date", type: "date", settings: {} },
    { id: "text_notes", title: "Notes", type: "text", settings: {} },
  ],
  groups: [
    { id: "topics", title: "This week" },
    { id: "group_next", title: "Next week" },
    { id: "group_done", title: "Done" },
  ],
};
