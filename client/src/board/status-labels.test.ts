// Status labels come from a column's settings in either of the shapes monday's API versions use.
import { describe, expect, it } from "vitest";
import { statusLabelsOf } from "./status-labels.ts";

describe("a status column's labels", () => {
  it("When settings list the labels (API 2025-10+), then the label ids are the indexes and deactivated ones are left out", () => {
    const settings = {
      labels: [
        { id: 0, label: "Working on it", index: 0, is_deactivated: false },
        { id: 1, label: "Done", index: 2, is_deactivated: false },
        { id: 2, label: "Old", index: 1, is_deactivated: true },
      ],
    };
    expect(statusLabelsOf(settings)).toEqual([
      { index: 0, label: "Working on it" },
      { index: 1, label: "Done" },
    ]);
  });

  it("When settings come as settings_str with an index map, then the same labels result", () => {
    expect(statusLabelsOf(JSON.stringify({ labels: { "0": "Working on it", "1": "Done", "5": "" } }))).toEqual([
      { index: 0, label: "Working on it" },
      { index: 1, label: "Done" },
    ]);
  });

  it("When settings have no labels or are not JSON, then there are none", () => {
    expect(statusLabelsOf({})).toEqual([]);
    expect(statusLabelsOf("{not json")).toEqual([]);
    expect(statusLabelsOf(null)).toEqual([]);
  });
});
