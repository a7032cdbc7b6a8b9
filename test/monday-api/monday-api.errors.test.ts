// The monday API client turns each of monday's failure shapes into its typed error, over real HTTP
// against the stand-in: an HTTP 200 carrying `errors` is a failure, and no error carries the token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MondayNotFoundError,
  MondayRateLimitError,
  MondayReconnectRequiredError,
  MondayRequestError,
  MondayUnauthenticatedError,
  MondayUnavailableError,
} from "../../server/monday-api/errors.ts";
import { MondayApi } from "../../server/monday-api/monday-api.ts";
import { MondayStandIn, sendJson, type ResolverResult } from "../../server/test-kit/monday/standin-server.ts";
import { mondayFailures } from "../../server/test-kit/monday/webhooks.ts";

const TOKEN = "secret-token-that-must-not-leak-0123456789";

describe("the monday API client", () => {
  const standin = new MondayStandIn();
  let answer: ResolverResult = { data: null };
  let api: MondayApi;

  beforeAll(async () => {
    standin.authenticate((token) => token === TOKEN);
    standin.graphql("me", () => answer);
    standin.route("POST", "/html", (_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>Bad gateway</html>");
    });
    standin.route("POST", "/slow", async (_req, res) => {
      await new Promise((r) => setTimeout(r, 1500));
      sendJson(res, 200, { data: { me: null } });
    });
    await standin.start();
    api = new MondayApi({ apiUrl: standin.apiUrl, apiVersion: "2026-10", maxRetries: 1 });
  });
  afterAll(() => standin.stop());

  const failureOf = async (result: ResolverResult, client = api, token = TOKEN) => {
    answer = result;
    try {
      await client.request(token, "query { me { id } }");
    } catch (error) {
      expect(String(error instanceof Error ? error.message : error)).not.toContain(token);
      return error;
    }
    throw new Error("the request did not fail");
  };

  it("When monday answers with data, then the data is returned and API-Version is sent", async () => {
    answer = { data: { id: "1" } };
    expect(await api.request(TOKEN, "query { me { id } }")).toEqual({ me: { id: "1" } });
    expect(standin.requests.at(-1)?.headers["api-version"]).toBe("2026-10");
    expect(standin.requests.at(-1)?.headers.authorization).toBe(TOKEN);
  });

  it("When monday answers HTTP 200 with errors, then it is a failure with monday's code and message", async () => {
    const error = await failureOf(mondayFailures.error("InvalidBoardIdException", "Board not found: 12"));
    expect(error).toBeInstanceOf(MondayRequestError);
    expect(error).toMatchObject({ code: "InvalidBoardIdException", message: "Board not found: 12", httpStatus: 200 });
  });

  it("When a scope is missing (UNAUTHORIZED_FIELD_OR_TYPE), then the failure asks for a reconnect", async () => {
    expect(await failureOf(mondayFailures.unauthorizedField("webhooks"))).toBeInstanceOf(MondayReconnectRequiredError);
  });

  it("When monday does not accept the token, then the failure is unauthenticated", async () => {
    expect(await failureOf({ data: null }, api, "another-token-9876543210")).toBeInstanceOf(MondayUnauthenticatedError);
  });

  it("When monday says the object does not exist, then the failure is not-found", async () => {
    expect(await failureOf(mondayFailures.error("ResourceNotFoundException", "Webhook not found"))).toBeInstanceOf(MondayNotFoundError);
  });

  it("When a rate limit persists past the bounded retries, then the failure names the wait and the attempts", async () => {
    const calls = standin.calls("me").length;
    const error = await failureOf(mondayFailures.tooManyRequests(0));
    expect(error).toBeInstanceOf(MondayRateLimitError);
    expect(error).toMatchObject({ retryAfterSeconds: 0, attempts: 2, httpStatus: 429 });
    expect(standin.calls("me").length - calls).toBe(2);
  });

  it("When monday fails with a 5xx, answers HTML, times out, or cannot be reached, then the failure says monday is unavailable", async () => {
    expect(await failureOf({ status: 503, body: { error_message: "Service unavailable" } })).toBeInstanceOf(MondayUnavailableError);
    expect(await failureOf({ data: null }, new MondayApi({ apiUrl: `${standin.url}/html`, apiVersion: "2026-10" }))).toBeInstanceOf(MondayUnavailableError);
    const slow = await failureOf({ data: null }, new MondayApi({ apiUrl: `${standin.url}/slow`, apiVersion: "2026-10", timeoutMs: 200 }));
    expect(slow).toMatchObject({ message: "monday's API is not available right now (timed out)" });
    expect(await failureOf({ data: null }, new MondayApi({ apiUrl: "http://127.0.0.1:9/v2", apiVersion: "2026-10" }))).toBeInstanceOf(MondayUnavailableError);
  });
});
