// Which back_to_url Hookboard may POST a result to. The address comes from the request body, so
// without this check a forged or replayed body could make Hookboard call any host (SSRF): only
// monday's own hosts (MONDAY_CALLBACK_HOSTS) are called, and in production only over https on its
// default port.
import type { Config } from "../config/config.ts";

/** `monday.com` matches that host only; `*.monday.com` matches any host under it (not the apex). */
export function hostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  const p = pattern.toLowerCase();
  if (p.startsWith("*.")) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return h === p;
}

/** Why Hookboard will not call `url`, or null when it may. */
export function callbackRefusal(url: string, config: Pick<Config, "env" | "callbackHosts">): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "back_to_url is not an absolute URL";
  }
  const https = parsed.protocol === "https:";
  if (!https && !(parsed.protocol === "http:" && config.env !== "production")) return "back_to_url must be an https URL";
  // URL drops a default port, so any port left is another service on monday's host
  if (config.env === "production" && parsed.port !== "") return `back_to_url must use https's default port (got port ${parsed.port})`;
  if (parsed.username || parsed.password) return "back_to_url must not carry credentials";
  // an IPv6 host comes in brackets, the allow-list names it without
  const host = parsed.hostname.replace(/[[\]]/g, "");
  if (!config.callbackHosts.some((pattern) => hostMatches(host, pattern))) return `back_to_url points to a host Hookboard does not call (${host})`;
  return null;
}
