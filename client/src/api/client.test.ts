// Every API call carries the sessionToken; a call refused because the token expired is retried
// once with a fresh one, and failures arrive as ApiErrors the view can explain. Against a real
// local HTTP server playing Hookboard's answers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, explain } from "./api-error.ts";
import { createApi } from "./client.ts";
import { sessionTokens } from "./session.ts";

let server: Server | null = null;
afterEach(async () => {
  const s = server;
  server = null;
  if (s) await new Promise<void>((r) => s.close(() => r()));
});

async function serve(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(answer);
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", () => r()));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json", "x-request-id": "req-123" });
  res.end(JSON.stringify(body));
};

/** monday's side: hands out t1, t2, ... and counts how often it was asked. */
function mondayTokens() {
  let issued = 0;
  return {
    next: async () => `t${++issued}`,
    get issued() {
      return issued;
    },
  };
}

describe("calls to Hookboard's API", () => {
  it("When the sessionToken has expired, then a fresh one is fetched once and the call retried with it", async () => {
    const seen: string[] = [];
    const base = await serve((req, res) => {
      seen.push(String(req.headers.authorization));
      if (req.headers.authorization === "t1") return json(res, 401, { error: { code: "jwt_expired", message: "token has expired" } });
      json(res, 200, { webhooks: [] });
    });
    const monday = mondayTokens();
    const api = createApi(sessionTokens(monday.next), base);
    expect(await api.webhooks("42")).toEqual([]);
    expect(seen).toEqual(["t1", "t2"]);
    expect(monday.issued).toBe(2);
  });

  it("When several calls find the token expired at once, then monday is asked for one fresh token", async () => {
    const base = await serve((req, res) => {
      if (req.headers.authorization === "t1") return json(res, 401, { error: { code: "jwt_expired", message: "token has expired" } });
      json(res, 200, { deliveries: [], nextCursor: null });
    });
    const monday = mondayTokens();
    const api = createApi(sessionTokens(monday.next), base);
    await Promise.all([api.deliveries("1"), api.deliveries("2"), api.deliveries("3")]);
    expect(monday.issued).toBe(2);
  });

  it("When the fresh token is refused too, then the call fails without asking again", async () => {
    let calls = 0;
    const base = await serve((_req, res) => {
      calls++;
      json(res, 401, { error: { code: "jwt_expired", message: "token has expired" } });
    });
    const monday = mondayTokens();
    const api = createApi(sessionTokens(monday.next), base);
    await expect(api.me()).rejects.toMatchObject({ status: 401, code: "jwt_expired" });
    expect(calls).toBe(2);
    expect(monday.issued).toBe(2);
  });

  it("When a token is refused for another reason, then it is not retried", async () => {
    let calls = 0;
    const base = await serve((_req, res) => {
      calls++;
      json(res, 401, { error: { code: "jwt_bad_signature", message: "signature does not verify" } });
    });
    await expect(createApi(sessionTokens(mondayTokens().next), base).me()).rejects.toMatchObject({ status: 401, code: "jwt_bad_signature" });
    expect(calls).toBe(1);
  });

  it("When the server answers with an error, then the ApiError carries its code, message and request id", async () => {
    const base = await serve((_req, res) => json(res, 409, { error: { code: "oauth_required", message: "Connect Hookboard to monday first" } }));
    const error = await createApi(sessionTokens(mondayTokens().next), base)
      .webhooks("1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: "oauth_required", message: "Connect Hookboard to monday first", requestId: "req-123" });
    expect(explain(error, "load this board's webhooks").whatToTry).toBe("Use Connect above, then try again.");
  });

  it("When the server cannot be reached, then the error says it did not answer", async () => {
    const base = await serve((_req, res) => json(res, 200, {}));
    server!.close();
    server = null;
    const error = await createApi(sessionTokens(mondayTokens().next), base)
      .me()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: "unreachable" });
    expect(explain(error, "load the account").title).toBe("Could not load the account: Hookboard's server did not answer.");
  });

  it("When a webhook is created or deleted, then the body and method are what the API takes", async () => {
    const seen: { method?: string; url?: string; type?: string; body: string }[] = [];
    const base = await serve((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        seen.push({ method: req.method, url: req.url, type: req.headers["content-type"], body });
        if (req.method === "DELETE") {
          res.writeHead(204);
          res.end();
        } else json(res, 201, { id: "w1" });
      });
    });
    const api = createApi(sessionTokens(mondayTokens().next), base);
    await api.createWebhook("77", { event: "item_moved_to_specific_group", config: { groupId: "topics" } });
    await api.deleteWebhook("77", "w1");
    expect(seen).toEqual([
      {
        method: "POST",
        url: "/api/boards/77/webhooks",
        type: "application/json",
        body: JSON.stringify({ event: "item_moved_to_specific_group", config: { groupId: "topics" } }),
      },
      { method: "DELETE", url: "/api/boards/77/webhooks/w1", type: undefined, body: "" },
    ]);
  });
});
