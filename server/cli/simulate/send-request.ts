// One POST as monday makes it, and the answer as the simulator reports it. A server that cannot be
// reached is an answer too (status 0), so a burst reports every delivery.
export interface Answer {
  status: number;
  body: unknown;
  /** why there is no HTTP answer */
  error?: string;
}

const TIMEOUT_MS = 35_000;

export async function postLikeMonday(url: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "hookboard-simulate", ...headers },
      body: JSON.stringify(body),
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
    return { status: 0, body: null, error: cause ?? (error instanceof Error ? error.message : String(error)) };
  }
  const text = await res.text();
  try {
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  } catch {
    return { status: res.status, body: text };
  }
}

/** The `error.code` of Hookboard's JSON error answer. */
export function errorCodeOf(answer: Answer): string | null {
  const body = answer.body;
  if (!body || typeof body !== "object" || !("error" in body)) return null;
  const error = (body as { error: unknown }).error;
  return error && typeof error === "object" && "code" in error && typeof error.code === "string" ? error.code : null;
}
