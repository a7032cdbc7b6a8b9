// A status column's labels, from the column's settings as monday's API returns them.

export interface StatusLabel {
  /** the number monday's status values and webhook configs use (`{"index": n}`) */
  index: number;
  label: string;
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
