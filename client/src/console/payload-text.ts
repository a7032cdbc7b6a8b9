// A delivery's payload as people read it: pretty-printed JSON, with long strings folded so one huge
// value (a long update body, a base64 blob) does not push everything else off the screen.

/** strings longer than this are folded */
export const FOLD_AT = 120;

function fold(value: unknown, at: number): unknown {
  if (typeof value === "string" && value.length > at) return `${value.slice(0, at)}… (${value.length - at} more characters)`;
  if (Array.isArray(value)) return value.map((v) => fold(v, at));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fold(v, at)]));
  return value;
}

/** The payload as indented JSON; `folded` shortens long strings. A payload that was not JSON is shown as it arrived. */
export function payloadText(payload: unknown, folded: boolean): string {
  const value = folded ? fold(payload, FOLD_AT) : payload;
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

/** Whether folding changes anything (the view offers to unfold only then). */
export function hasLongStrings(payload: unknown): boolean {
  return payloadText(payload, true) !== payloadText(payload, false);
}
