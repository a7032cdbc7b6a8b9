// The forgery corpus as a table: every route × every token variant that applies to it, and every
// route × every bad input that applies to it, each with the refusal Hookboard must answer.
import { corpusTargets, type CorpusWorld, type RequestSpec } from "./forgery-targets.ts";
import { inputVariants } from "./forgery-inputs.ts";
import { TOKEN_VARIANTS, type AttackerKeys, type Expected } from "./forgery-tokens.ts";

export interface CorpusCase {
  route: string;
  axis: "token" | "input";
  variant: string;
  expected: Expected;
  build(): Promise<RequestSpec>;
}

export function corpusCases(w: CorpusWorld, keys: AttackerKeys): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const inputs = inputVariants(w.bodyLimitBytes);
  for (const t of corpusTargets(w)) {
    for (const v of TOKEN_VARIANTS) {
      if (v.applies(t)) cases.push({ route: t.route, axis: "token", variant: v.name, expected: v.expected(t), build: () => v.request(t, w, keys) });
    }
    for (const v of inputs) {
      if (v.applies(t)) cases.push({ route: t.route, axis: "input", variant: v.name, expected: v.expected(t), build: () => v.request(t, w) });
    }
  }
  return cases;
}

export interface CaseOutcome {
  case: CorpusCase;
  status: number;
  body: unknown;
  /** what is wrong with the answer, or null when it is the refusal expected */
  problem: string | null;
}

const STACK_TRACE = /\bat \S+ \(|\.ts:\d+|\.js:\d+|\n\s+at /;

function isErrorShape(body: unknown): body is { error: { code: string; message: string } } {
  if (!body || typeof body !== "object" || Array.isArray(body)) return false;
  const keys = Object.keys(body);
  const error = (body as { error?: unknown }).error;
  if (keys.length !== 1 || !error || typeof error !== "object") return false;
  const e = error as Record<string, unknown>;
  return Object.keys(e).sort().join() === "code,message" && typeof e.code === "string" && typeof e.message === "string" && e.message.length > 0;
}

/** Sends a request as built, bytes as they are (no redirect followed: the OAuth start answers one). */
export function send(spec: RequestSpec): Promise<Response> {
  const body = spec.body === undefined || typeof spec.body === "string" ? spec.body : new Uint8Array(spec.body);
  return fetch(spec.url, { method: spec.method, headers: spec.headers, body, redirect: "manual" });
}

/** Sends one case through real HTTP and judges the answer. */
export async function runCase(c: CorpusCase): Promise<CaseOutcome> {
  const res = await send(await c.build());
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: judged below
  }
  let problem: string | null = null;
  if (res.status >= 500) problem = `server error ${res.status}`;
  else if (res.status < 400) problem = `accepted with ${res.status}`;
  else if (!isErrorShape(body)) problem = `not the JSON error shape: ${text.slice(0, 200)}`;
  else if (STACK_TRACE.test(text)) problem = "a stack trace in the answer";
  else if (res.status !== c.expected.status || body.error.code !== c.expected.code)
    problem = `expected ${c.expected.status} ${c.expected.code}, got ${res.status} ${body.error.code}`;
  return { case: c, status: res.status, body, problem };
}

/** Runs `items` through `fn`, at most `lanes` at a time, keeping their order. */
export async function inLanes<T, R>(items: T[], lanes: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
  return results;
}
