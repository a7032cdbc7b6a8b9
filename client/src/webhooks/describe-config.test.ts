// A webhook's config reads as words, with the board's names when monday told them.
import { describe, expect, it } from "vitest";
import type { BoardStructure } from "../board/board-structure.ts";
import { describeConfig } from "./describe-config.ts";

const board: BoardStructure = {
  columns: [
    { id: "status", title: "Status", type: "status", labels: [{ index: 1, label: "Done" }] },
    { id: "date4", title: "Due date", type: "date", labels: [] },
  ],
  groups: [{ id: "topics", title: "This week" }],
};

describe("a webhook's config in words", () => {
  it("When the board's names are known, then the words use them", () => {
    expect(describeConfig({ columnId: "status", columnValue: { index: 1 } }, board)).toBe("Status column set to Done");
    expect(describeConfig({ columnId: "status", columnValue: { $any$: true } }, board)).toBe("Status column set to any label");
    expect(describeConfig({ columnId: "date4" }, board)).toBe("Due date column changes");
    expect(describeConfig({ groupId: "topics" }, board)).toBe("Into group This week");
  });

  it("When the board's names are not known, then the words use the ids", () => {
    expect(describeConfig({ columnId: "status", columnValue: { index: 1 } }, null)).toBe("column “status” set to label 1");
    expect(describeConfig({ groupId: "topics" }, null)).toBe("Into group “topics”");
  });

  it("When there is no config, then the webhook covers the whole board", () => {
    expect(describeConfig(null, board)).toBe("Whole board");
    expect(describeConfig({}, board)).toBe("Whole board");
  });
});
