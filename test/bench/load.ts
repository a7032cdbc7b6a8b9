// One measurement: autocannon at a fixed concurrency against one route, every request unique.
// Answers other than 2xx are counted apart (and fail the run): a route that refuses fast is not fast.
import autocannon from "autocannon";

export interface LoadResult {
  name: string;
  /** 2xx answers per second */
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  requests: number;
}

export interface LoadSpec {
  name: string;
  url: string;
  path: string;
  method?: "POST" | "GET";
  /** builds the n-th request: its body and headers (unique per request, so nothing is a duplicate) */
  request: (n: number) => { body?: string; headers: Record<string, string>; path?: string };
}

export async function measure(spec: LoadSpec, options: { connections: number; durationSeconds: number }): Promise<LoadResult> {
  let n = 0;
  const result = await autocannon({
    url: spec.url,
    connections: options.connections,
    duration: options.durationSeconds,
    requests: [
      {
        method: spec.method ?? "POST",
        path: spec.path,
        setupRequest: (req) => {
          const { body, headers, path } = spec.request(n++);
          return { ...req, ...(path ? { path } : {}), ...(body !== undefined ? { body } : {}), headers: { "content-type": "application/json", ...headers } };
        },
      },
    ],
  });
  const seconds = result.duration || options.durationSeconds;
  return {
    name: spec.name,
    rps: result["2xx"] / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    requests: result.requests.total,
  };
}
