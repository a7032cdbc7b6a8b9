// Dates and times as a board member reads them.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });
// monday's renewal and install dates are calendar days at midnight UTC: shown in the viewer's
// zone they would fall on the day before west of Greenwich
const dayFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

/** "just now", "3 minutes ago", "yesterday", "5 days ago"; older than a month: the date. */
export function timeAgo(iso: string, now: number): string {
  const at = Date.parse(iso);
  const elapsed = now - at;
  if (elapsed < 45_000) return "just now";
  if (elapsed < HOUR) return relative.format(-Math.max(1, Math.round(elapsed / MINUTE)), "minute");
  if (elapsed < DAY) return relative.format(-Math.round(elapsed / HOUR), "hour");
  if (elapsed < 30 * DAY) return relative.format(-Math.round(elapsed / DAY), "day");
  return dateFormat.format(at);
}

/** A calendar day monday reported (renewal, install). */
export function formatDay(iso: string): string {
  return dayFormat.format(Date.parse(iso));
}

export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(Date.parse(iso));
}

/** Whole days from `now` until `iso` (rounded up), never negative. */
export function daysUntil(iso: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / DAY));
}
