// Figures measured during the end-to-end run (not asserted: timings vary by machine), written to
// test/.artifacts/e2e-figures.json for the report.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const FILE = join(dirname(fileURLToPath(import.meta.url)), "../.artifacts/e2e-figures.json");

export function recordFigure(name: string, value: number): void {
  mkdirSync(dirname(FILE), { recursive: true });
  let figures: Record<string, number[]> = {};
  try {
    figures = JSON.parse(readFileSync(FILE, "utf8")) as Record<string, number[]>;
  } catch {
    // first figure of this checkout
  }
  figures[name] = [...(figures[name] ?? []), value].slice(-50);
  writeFileSync(FILE, JSON.stringify(figures, null, 2));
}
