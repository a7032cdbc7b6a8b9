// monday's GraphQL API through @mondaydotcomorg/api's ApiClient, plus what it lacks: an HTTP 200
// carrying `errors` is a failure, failures are typed (classify.ts), and rate limits are waited out
// as monday asks (`retry_in_seconds`, `Retry-After`) a bounded number of times.
import type * as MondaySdk from "@mondaydotcomorg/api";
import type { ApiClient } from "@mondaydotcomorg/api";
import { classifyAnswer, type MondayAnswer } from "./classify.ts";
import { MondayRateLimitError, MondayUnavailableError } from "./errors.ts";

// The SDK takes a third of a second to load (its GraphQL schema types and client): loaded at the
// first call to monday, not at start, so a cold start answers its first webhook without it.
let sdk: Promise<typeof MondaySdk> | null = null;
const loadSdk = () => (sdk ??= import("@mondaydotcomorg/api"));

export interface MondayApiOptions {
  apiUrl: string;
  /** sent as `API-Version` on every request */
  apiVersion: string;
  /** retries after a rate limit before giving up (so at most maxRetries + 1 attempts) */
  maxRetries?: number;
  /** a wait monday asks for beyond this is not waited out: the caller gets the error at once */
  maxWaitSeconds?: number;
  timeoutMs?: number;
}

export type Variables = Record<string, unknown>;

export interface RequestOptions {
  /** overrides the client's bound on retries after a rate limit (0: fail at the first) */
  maxRetries?: number;
}

/**
 * graphql-request's ClientError (an HTTP answer that was not a success), recognised by shape:
 * under Node the package resolves to its CommonJS build, which does not export the class by name,
 * and the ESM copy of graphql-request would be a different class anyway.
 */
function isClientError(error: unknown): error is { response: { status: number; headers?: Headers } & Record<string, unknown> } {
  if (!error || typeof error !== "object" || !("response" in error)) return false;
  const response = (error as { response: unknown }).response;
  return Boolean(response) && typeof response === "object" && typeof (response as { status?: unknown }).status === "number";
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class MondayApi {
  private readonly maxRetries: number;
  private readonly maxWaitSeconds: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: MondayApiOptions) {
    this.maxRetries = options.maxRetries ?? 3;
    this.maxWaitSeconds = options.maxWaitSeconds ?? 30;
    this.timeoutMs = Math.min(options.timeoutMs ?? 20_000, 60_000);
  }

  /** Runs `query` with `token`; resolves with `data` or throws a MondayApiError subclass. */
  async request<T>(token: string, query: string, variables?: Variables, options: RequestOptions = {}): Promise<T> {
    const maxRetries = options.maxRetries ?? this.maxRetries;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(token, query, variables);
      } catch (error) {
        if (!(error instanceof MondayRateLimitError)) throw error;
        if (attempt > maxRetries || error.retryAfterSeconds > this.maxWaitSeconds) throw error.afterAttempts(attempt);
        // a zero wait still yields a moment, so a burst of callers does not hammer monday
        await sleep(Math.max(error.retryAfterSeconds * 1000, 100));
      }
    }
  }

  private async client(token: string): Promise<ApiClient> {
    const { ApiClient } = await loadSdk();
    return new ApiClient({
      token,
      endpoint: this.options.apiUrl,
      // the configured version verbatim (ApiClient's own check accepts only quarterly versions)
      requestConfig: { headers: { "API-Version": this.options.apiVersion }, errorPolicy: "all" },
    });
  }

  private async once<T>(token: string, query: string, variables?: Variables): Promise<T> {
    let answer: MondayAnswer;
    try {
      const res = await (await this.client(token)).rawRequest<T>(query, variables, { timeoutMs: this.timeoutMs });
      answer = { status: res.status, headers: res.headers, body: { data: res.data, errors: res.errors } };
    } catch (error) {
      if (isClientError(error)) {
        const { status, headers, ...body } = error.response;
        answer = {
          status,
          headers: headers instanceof Headers ? headers : new Headers(),
          body: "error" in body && typeof body.error === "string" ? body.error : body,
        };
      } else {
        throw new MondayUnavailableError(error instanceof Error && error.name === "AbortError" ? "timed out" : "could not connect");
      }
    }
    const failure = classifyAnswer(answer);
    if (failure) throw failure;
    return (answer.body as { data: T }).data;
  }
}
