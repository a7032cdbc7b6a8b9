// A figure measured several times: its median and its spread (lowest–highest), so one run shows
// how far a figure can be trusted on the machine it ran on.

export interface Figure {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

export function figureOf(samples: number[]): Figure {
  const sorted = [...samples].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, samples };
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, samples };
}

export function formatFigure(f: Figure, digits: number, unit = ""): string {
  if (!Number.isFinite(f.median)) return "not measured";
  const v = (n: number) => n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return f.samples.length > 1 ? `${v(f.median)}${unit} (${v(f.min)}–${v(f.max)})` : `${v(f.median)}${unit}`;
}
