// Which back_to_url Hookboard may call: only hosts of the allow-list, https on its default port in production. (The
// routes' refusals are tested through HTTP in features.bad-input; production cannot be started in
// a test without an https PUBLIC_URL, so its rule is checked here directly.)
import { describe, expect, it } from "vitest";
import { callbackRefusal, hostMatches } from "../../server/features/callback-url.ts";

const production = { env: "production" as const, callbackHosts: ["monday.com", "*.monday.com"] };
const development = { env: "development" as const, callbackHosts: ["monday.com", "*.monday.com"] };

describe("the back_to_url allow-list", () => {
  it.each([
    ["monday-apps-ms.monday.com", "*.monday.com", true],
    ["a.b.monday.com", "*.monday.com", true],
    ["monday.com", "*.monday.com", false],
    // the shortest name under the pattern, and the bare suffix a URL can carry as its host
    ["a.monday.com", "*.monday.com", true],
    [".monday.com", "*.monday.com", false],
    ["evilmonday.com", "*.monday.com", false],
    ["monday.com.evil.example", "*.monday.com", false],
    // the allowed suffix in the middle of the host: only the end of the name counts
    ["api.monday.com.attacker.example", "*.monday.com", false],
    ["monday-apps-ms.monday.com.evil", "*.monday.com", false],
    ["monday.com", "monday.com", true],
    ["MONDAY.COM.", "monday.com", true],
    ["api.monday.com", "monday.com", false],
  ])("When the host is %s and the pattern %s, then it matches: %s", (host, pattern, expected) => {
    expect(hostMatches(host, pattern)).toBe(expected);
  });

  it("When Hookboard runs in production, then monday's documented back_to_url is allowed and http is not", () => {
    expect(callbackRefusal("https://monday-apps-ms.monday.com/api/webhooks/response/job-1", production)).toBeNull();
    expect(callbackRefusal("http://monday-apps-ms.monday.com/api/webhooks/response/job-1", production)).toBe("back_to_url must be an https URL");
    expect(callbackRefusal("http://monday-apps-ms.monday.com/api/webhooks/response/job-1", development)).toBeNull();
  });

  it("When Hookboard runs in production, then back_to_url must use https's default port; elsewhere the local stand-in's ports still work", () => {
    for (const port of ["8443", "22", "6379", "80", "1"]) {
      expect(callbackRefusal(`https://monday-apps-ms.monday.com:${port}/api/webhooks/response/job-1`, production), port).toBe(
        `back_to_url must use https's default port (got port ${port})`,
      );
    }
    // 443 named outright is the default port
    expect(callbackRefusal("https://monday-apps-ms.monday.com:443/api/webhooks/response/job-1", production)).toBeNull();
    expect(callbackRefusal("https://monday-apps-ms.monday.com:8443/api/webhooks/response/job-1", development)).toBeNull();
    expect(callbackRefusal("http://monday-apps-ms.monday.com:4000/api/webhooks/response/job-1", development)).toBeNull();
  });

  it("When back_to_url points elsewhere, carries credentials or is no URL, then the reason is given", () => {
    expect(callbackRefusal("https://169.254.169.254/latest/meta-data", production)).toBe(
      "back_to_url points to a host Hookboard does not call (169.254.169.254)",
    );
    expect(callbackRefusal("https://api.monday.com.attacker.example/api/webhooks/response/job-1", production)).toBe(
      "back_to_url points to a host Hookboard does not call (api.monday.com.attacker.example)",
    );
    expect(callbackRefusal("https://user:pw@api.monday.com/x", production)).toBe("back_to_url must not carry credentials");
    expect(callbackRefusal("https://user@api.monday.com/x", production)).toBe("back_to_url must not carry credentials");
    expect(callbackRefusal("https://:pw@api.monday.com/x", production)).toBe("back_to_url must not carry credentials");
    expect(callbackRefusal("/relative/path", production)).toBe("back_to_url is not an absolute URL");
    expect(callbackRefusal("ftp://api.monday.com/x", development)).toBe("back_to_url must be an https URL");
  });

  it("When an IPv6 host is on the allow-list, then its bracketed URL is allowed, and named without brackets when it is not", () => {
    const local = { env: "development" as const, callbackHosts: ["::1"] };
    expect(callbackRefusal("http://[::1]:8080/callback", local)).toBeNull();
    expect(callbackRefusal("http://[::2]:8080/callback", local)).toBe("back_to_url points to a host Hookboard does not call (::2)");
  });
});
