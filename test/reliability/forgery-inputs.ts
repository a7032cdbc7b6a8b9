// The bad inputs of the forgery corpus, sent with the right token: bodies that are not JSON, not
// objects, nested too deeply, too large, of the wrong content type or encoding, with huge strings,
// bad ids and types the contract refuses; and bad query strings and path ids for the board view API.
import { randomBytes, randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { isFeature, isWebhook, requestFor, type CorpusTarget, type CorpusWorld, type RequestSpec } from "./forgery-targets.ts";
import { rightToken, type Expected } from "./forgery-tokens.ts";

export interface InputVariant {
  name: string;
  applies(t: CorpusTarget): boolean;
  request(t: CorpusTarget, w: CorpusWorld): Promise<RequestSpec>;
  expected(t: CorpusTarget): Expected;
}

type Body = Record<string, unknown>;

const refused = (status: number, code: string) => () => ({ status, code });
const invalidBody = refused(400, "invalid_body");

async function rightRequest(t: CorpusTarget, w: CorpusWorld): Promise<RequestSpec> {
  return requestFor(t, await rightToken(t, w));
}

/** The real request with another body (and content type, when given; null drops it). */
function withBody(body: string | Buffer, contentType: string | null = "application/json", headers: Record<string, string> = {}) {
  return async (t: CorpusTarget, w: CorpusWorld): Promise<RequestSpec> => {
    const spec = await rightRequest(t, w);
    const { "content-type": _type, ...rest } = spec.headers;
    return { ...spec, body, headers: { ...rest, ...(contentType === null ? {} : { "content-type": contentType }), ...headers } };
  };
}

/** The real body, changed. */
function changed(change: (body: Body, t: CorpusTarget, w: CorpusWorld) => unknown) {
  return async (t: CorpusTarget, w: CorpusWorld): Promise<RequestSpec> => {
    const spec = await rightRequest(t, w);
    return { ...spec, body: JSON.stringify(change(t.body!(), t, w)) };
  };
}

/** The real body with `raw` JSON text added as one more top-level field. */
function withRawField(name: string, raw: () => string) {
  return async (t: CorpusTarget, w: CorpusWorld): Promise<RequestSpec> => {
    const spec = await rightRequest(t, w);
    const text = JSON.stringify(t.body!());
    return { ...spec, body: `${text.slice(0, -1)},${JSON.stringify(name)}:${raw()}}` };
  };
}

const nested = (levels: number) => "[".repeat(levels) + "]".repeat(levels);
const data = (body: Body) => body.data as Body;
const event = (body: Body) => body.event as Body;

/** Puts `value` where the target's body keeps the account (or, for board events, the board). */
function withId(value: unknown) {
  return changed((body, t) => {
    if (t.kind === "lifecycle") return { ...body, data: { ...data(body), account_id: value } };
    if (t.kind === "board") return { ...body, event: { ...event(body), boardId: value } };
    return { ...body, accountId: value };
  });
}

/** A string far longer than the field allows, in the field each route bounds. */
function hugeString(length: number) {
  return changed((body, t) => {
    const huge = "x".repeat(length);
    if (t.kind === "board") return { ...body, event: { ...event(body), triggerUuid: huge } };
    return { ...body, type: `${String(body.type)}${huge}` };
  });
}

const webhookRoute = (t: CorpusTarget) => isWebhook(t);
const kindIs =
  (...kinds: CorpusTarget["kind"][]) =>
  (t: CorpusTarget) =>
    kinds.includes(t.kind);

/** A GET of the target with this query string (or path) instead. */
function withUrl(url: (t: CorpusTarget, w: CorpusWorld) => string) {
  return async (t: CorpusTarget, w: CorpusWorld): Promise<RequestSpec> => ({ ...(await rightRequest(t, w)), url: url(t, w) });
}

const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString("base64url");
const routeIs = (route: string) => (t: CorpusTarget) => t.route === route;
const LIFECYCLE_EVENTS = "GET /api/lifecycle-events";
const DELIVERIES = "GET /api/deliveries";
const LIST = "GET /api/boards/:boardId/webhooks";
const CREATE = "POST /api/boards/:boardId/webhooks";
const DELETE = "DELETE /api/boards/:boardId/webhooks/:id";
const pageRoute = (t: CorpusTarget) => t.route === LIFECYCLE_EVENTS || t.route === DELIVERIES;
const boardRoute = (t: CorpusTarget) => t.route === LIST || t.route === CREATE || t.route === DELETE;

function query(name: string, applies: (t: CorpusTarget) => boolean, search: string, code: string): InputVariant {
  return { name, applies, request: withUrl((t) => `${t.url}?${search}`), expected: refused(400, code) };
}

function boardPath(name: string, applies: (t: CorpusTarget) => boolean, board: string, expected: Expected): InputVariant {
  return {
    name,
    applies,
    request: async (t, w) => {
      const spec = await rightRequest(t, w);
      return { ...spec, url: spec.url.replace(`/api/boards/${w.boardId}/`, `/api/boards/${board}/`) };
    },
    expected: () => expected,
  };
}

export function inputVariants(bodyLimitBytes: number): InputVariant[] {
  const webhook = (
    name: string,
    request: InputVariant["request"],
    expected: InputVariant["expected"],
    applies: InputVariant["applies"] = webhookRoute,
  ): InputVariant => ({ name, applies, request, expected });
  const bodied = (t: CorpusTarget) => webhookRoute(t) || t.route === CREATE;
  const body = (name: string, request: InputVariant["request"], expected: (t: CorpusTarget) => Expected): InputVariant => ({
    name,
    applies: bodied,
    request,
    expected,
  });
  // the board view API reads JSON with express.json (64 kB); webhook routes read raw bytes up to the configured limit
  const limitOf = (t: CorpusTarget) => (isWebhook(t) ? bodyLimitBytes : 64 * 1024);
  const malformed = refused(400, "malformed_json");
  const notAnObject = (t: CorpusTarget) => ({ status: 400, code: isWebhook(t) ? "invalid_body" : "malformed_json" });

  return [
    body("a body that is not JSON", withBody('{"type": "install", "data": {'), malformed),
    body("an empty body", withBody(""), (t) => (isWebhook(t) ? { status: 400, code: "malformed_json" } : { status: 400, code: "invalid_body" })),
    body("a JSON array", withBody("[1,2,3]"), invalidBody),
    body("a JSON string", withBody('"install"'), notAnObject),
    body("JSON null", withBody("null"), notAnObject),
    body("a JSON number", withBody("42"), notAnObject),
    body("an empty object", withBody("{}"), invalidBody),
    body(
      "a body nested 5,000 levels deep",
      withRawField("deep", () => nested(5000)),
      invalidBody,
    ),
    webhook(
      "a body one level deeper than allowed (65)",
      withRawField("deep", () => nested(64)),
      invalidBody,
    ),
    body(
      "a body one byte over the limit",
      async (t, w) => {
        const spec = await rightRequest(t, w);
        const text = JSON.stringify(t.body!());
        const limit = limitOf(t);
        // the padding makes the body exactly limit + 1 bytes
        return { ...spec, body: `${text.slice(0, -1)},"padding":"${"x".repeat(limit - text.length - 12)}"}` };
      },
      refused(413, "payload_too_large"),
    ),
    body(
      "a body four times the limit",
      async (t, w) => ({ ...(await rightRequest(t, w)), body: JSON.stringify({ ...t.body!(), padding: "x".repeat(limitOf(t) * 4) }) }),
      refused(413, "payload_too_large"),
    ),
    body(
      "a gzip bomb (inflates past the limit)",
      async (t, w) => {
        const spec = await rightRequest(t, w);
        const text = JSON.stringify(t.body!());
        const inflated = Buffer.concat([Buffer.from(`${text.slice(0, -1)},"padding":"`), Buffer.alloc(limitOf(t) * 8, "x"), Buffer.from('"}')]);
        return { ...spec, body: gzipSync(inflated), headers: { ...spec.headers, "content-encoding": "gzip" } };
      },
      refused(413, "payload_too_large"),
    ),
    body(
      "gzip-encoded bytes that are not gzip",
      async (t, w) => {
        const spec = await rightRequest(t, w);
        return { ...spec, headers: { ...spec.headers, "content-encoding": "gzip" } };
      },
      refused(400, "bad_request"),
    ),
    body(
      "an encoding Hookboard does not read",
      async (t, w) => {
        const spec = await rightRequest(t, w);
        return { ...spec, headers: { ...spec.headers, "content-encoding": "compress" } };
      },
      refused(415, "unsupported_encoding"),
    ),
    body("text/plain", async (t, w) => ({ ...(await withBody(JSON.stringify(t.body!()), "text/plain")(t, w)) }), refused(415, "unsupported_media_type")),
    // as bytes, so fetch does not add a text/plain content type of its own
    body(
      "no content type",
      async (t, w) => ({ ...(await withBody(Buffer.from(JSON.stringify(t.body!())), null)(t, w)) }),
      refused(415, "unsupported_media_type"),
    ),
    body("a form post", withBody("type=install&data[account_id]=1", "application/x-www-form-urlencoded"), refused(415, "unsupported_media_type")),
    body(
      "multipart form data",
      withBody('--x\r\nContent-Disposition: form-data; name="type"\r\n\r\ninstall\r\n--x--\r\n', "multipart/form-data; boundary=x"),
      refused(415, "unsupported_media_type"),
    ),
    webhook(
      "JSON encoded as UTF-16",
      async (t, w) => ({ ...(await withBody(Buffer.from(JSON.stringify(t.body!()), "utf16le"), "application/json; charset=utf-16")(t, w)) }),
      malformed,
    ),
    body(
      "a 300,000-character string in a bounded field",
      async (t, w) => (t.route === CREATE ? { ...(await rightRequest(t, w)), body: JSON.stringify({ event: "x".repeat(60_000) }) } : hugeString(300_000)(t, w)),
      invalidBody,
    ),
    webhook(
      "a NUL character in the event type",
      changed((b) => ({ ...b, type: `${String(b.type)}\u0000` })),
      invalidBody,
      kindIs("lifecycle", "feature-sync", "feature-async"),
    ),
    webhook(
      "a NUL character in a string Hookboard stores",
      changed((b, t) => {
        if (t.kind === "lifecycle") return { ...b, data: { ...data(b), account_name: "Evil\u0000Corp" } };
        if (t.kind === "board") return { ...b, event: { ...event(b), pulseName: "item\u0000name" } };
        return { ...b, event_action_origin: "board\u0000deleted" };
      }),
      invalidBody,
    ),
    webhook("an id that is SQL", withId("1; DROP TABLE deliveries"), invalidBody),
    webhook("a negative id", withId(-1), invalidBody),
    webhook("a fractional id", withId(1.5), invalidBody),
    webhook(
      "an id beyond any number (1e400)",
      async (t, w) => {
        const spec = await withId(123456789)(t, w);
        return { ...spec, body: String(spec.body).replace("123456789", "1e400") };
      },
      invalidBody,
    ),
    webhook("an id that is an object", withId({ $gt: 0 }), invalidBody),
    webhook("an empty id", withId(""), invalidBody),

    webhook(
      "a type that is not an event name",
      changed((b) => ({ ...b, type: "install; rm -rf /" })),
      invalidBody,
      kindIs("lifecycle", "feature-sync", "feature-async"),
    ),
    webhook(
      "a timestamp that is not a date",
      changed((b) => ({ ...b, data: { ...data(b), timestamp: "yesterday" } })),
      invalidBody,
      kindIs("lifecycle"),
    ),
    webhook(
      "data that is not an object",
      changed((b) => ({ ...b, data: "install" })),
      invalidBody,
      kindIs("lifecycle", "feature-sync", "feature-async"),
    ),
    webhook(
      "no data",
      changed((b) => ({ type: b.type })),
      invalidBody,
      kindIs("lifecycle"),
    ),

    webhook(
      "no X-Apps-Event-Id",
      async (t, w) => {
        const spec = await rightRequest(t, w);
        const { "x-apps-event-id": _id, ...headers } = spec.headers;
        return { ...spec, headers };
      },
      refused(400, "missing_event_id"),
      isFeature,
    ),
    webhook(
      "an X-Apps-Event-Id with spaces",
      async (t, w) => {
        const spec = await rightRequest(t, w);
        return { ...spec, headers: { ...spec.headers, "x-apps-event-id": "an event id" } };
      },
      refused(400, "invalid_event_id"),
      isFeature,
    ),
    webhook(
      "an X-Apps-Event-Id of 201 characters",
      async (t, w) => {
        const spec = await rightRequest(t, w);
        return { ...spec, headers: { ...spec.headers, "x-apps-event-id": "e".repeat(201) } };
      },
      refused(400, "invalid_event_id"),
      isFeature,
    ),
    webhook(
      "a payload that is an array",
      changed((b) => ({ ...b, payload: [1, 2] })),
      invalidBody,
      isFeature,
    ),
    webhook(
      "a type of another feature than the payload names",
      changed((b) => ({ ...b, payload: { app_feature: { type: "AppFeatureBoardView" } } })),
      refused(422, "event_type_mismatch"),
      isFeature,
    ),
    webhook(
      "a back_to_url on another host",
      changed((b) => ({ ...b, back_to_url: "https://evil.example/api/webhooks/response/1" })),
      refused(422, "callback_not_allowed"),
      kindIs("feature-async"),
    ),
    webhook(
      "a back_to_url at the cloud metadata address",
      changed((b) => ({ ...b, back_to_url: "http://169.254.169.254/latest/meta-data/" })),
      refused(422, "callback_not_allowed"),
      kindIs("feature-async"),
    ),
    webhook(
      "a back_to_url that is a file",
      changed((b) => ({ ...b, back_to_url: "file:///etc/passwd" })),
      refused(422, "callback_not_allowed"),
      kindIs("feature-async"),
    ),
    webhook(
      "a back_to_url that is script",
      changed((b) => ({ ...b, back_to_url: "javascript:alert(1)" })),
      refused(422, "callback_not_allowed"),
      kindIs("feature-async"),
    ),
    webhook(
      "a back_to_url of 3,000 characters",
      changed((b, _t, w) => ({ ...b, back_to_url: `${w.backToUrl()}${"x".repeat(3000)}` })),
      invalidBody,
      kindIs("feature-async"),
    ),
    webhook(
      "no back_to_url",
      changed((b) => {
        const { back_to_url: _url, ...rest } = b;
        return rest;
      }),
      refused(400, "missing_back_to_url"),
      kindIs("feature-async"),
    ),

    webhook(
      "an event that is not an object",
      changed(() => ({ event: "create_pulse" })),
      invalidBody,
      kindIs("board"),
    ),
    webhook(
      "an event without triggerUuid",
      changed((b) => {
        const { triggerUuid: _uuid, ...rest } = event(b);
        return { event: rest };
      }),
      invalidBody,
      kindIs("board"),
    ),
    webhook(
      "a challenge longer than monday sends",
      changed(() => ({ challenge: "c".repeat(3000) })),
      invalidBody,
      kindIs("board"),
    ),
    webhook(
      "a URL Hookboard did not issue",
      async (t, w) => {
        const spec = await rightRequest(t, w);
        return { ...spec, url: `${w.base}/webhooks/board/${randomBytes(32).toString("base64url")}` };
      },
      refused(404, "unknown_webhook"),
      kindIs("board"),
    ),
    webhook(
      "a URL token too short to be one",
      async (t, w) => ({ ...(await rightRequest(t, w)), url: `${w.base}/webhooks/board/short` }),
      refused(404, "unknown_webhook"),
      kindIs("board"),
    ),
    webhook(
      "a URL token with a path in it",
      async (t, w) => ({ ...(await rightRequest(t, w)), url: `${w.base}/webhooks/board/..%2F..%2Fwebhooks%2Flifecycle` }),
      refused(404, "unknown_webhook"),
      kindIs("board"),
    ),

    // a lifecycle event's timestamp decides the account's state: one from the future would freeze it
    webhook(
      "a lifecycle event dated 9999-12-31",
      changed((b) => ({ ...b, data: { ...data(b), timestamp: "9999-12-31T23:59:59.000Z" } })),
      refused(400, "event_from_the_future"),
      kindIs("lifecycle"),
    ),
    webhook(
      "a lifecycle event dated ten minutes ahead of the server's clock",
      changed((b) => ({ ...b, data: { ...data(b), timestamp: new Date(Date.now() + 10 * 60_000).toISOString() } })),
      refused(400, "event_from_the_future"),
      kindIs("lifecycle"),
    ),

    query("limit 0", pageRoute, "limit=0", "invalid_query"),
    query("limit 201", pageRoute, "limit=201", "invalid_query"),
    query("a limit that is not a number", pageRoute, "limit=ten", "invalid_query"),
    query("a negative limit", pageRoute, "limit=-5", "invalid_query"),
    query("a fractional limit", pageRoute, "limit=2.5", "invalid_query"),
    query("limit given twice", pageRoute, "limit=1&limit=2", "invalid_query"),
    query("a cursor that is not base64 JSON", pageRoute, "cursor=!!!", "invalid_cursor"),
    query("a cursor of 401 characters", pageRoute, `cursor=${"A".repeat(401)}`, "invalid_query"),
    query("a cursor that is an object", pageRoute, `cursor=${cursorOf({ orderKey: "z" })}`, "invalid_cursor"),
    query("a cursor of numbers", pageRoute, `cursor=${cursorOf([1])}`, "invalid_cursor"),
    query("cursor given twice", pageRoute, "cursor=a&cursor=b", "invalid_query"),
    query("a cursor whose time is not a date", routeIs(DELIVERIES), `cursor=${cursorOf(["not a date", randomUUID()])}`, "invalid_cursor"),
    query("a cursor without an id", routeIs(DELIVERIES), `cursor=${cursorOf([new Date().toISOString()])}`, "invalid_cursor"),
    query("a boardId that is not a number", routeIs(DELIVERIES), "boardId=abc", "invalid_query"),
    query("a boardId of 21 digits", routeIs(DELIVERIES), `boardId=${"9".repeat(21)}`, "invalid_query"),
    query("a boardId that is SQL", routeIs(DELIVERIES), `boardId=${encodeURIComponent("1 OR 1=1")}`, "invalid_query"),
    query("boardId given twice", routeIs(DELIVERIES), "boardId=1&boardId=2", "invalid_query"),

    boardPath("a board id that is not a number", boardRoute, "abc", { status: 400, code: "invalid_board_id" }),
    boardPath("a board id of 21 digits", boardRoute, "9".repeat(21), { status: 400, code: "invalid_board_id" }),
    boardPath("a negative board id", boardRoute, "-1", { status: 400, code: "invalid_board_id" }),
    boardPath("a board id that is SQL", boardRoute, encodeURIComponent("1 OR 1=1"), { status: 400, code: "invalid_board_id" }),
    boardPath("a board id that is a path", boardRoute, "1%2F..%2F2", { status: 400, code: "invalid_board_id" }),
    boardPath("a board the account does not have", routeIs(DELETE), "5999999999", { status: 404, code: "board_not_found" }),

    { name: "unknown event", applies: routeIs(CREATE), request: changed(() => ({ event: "create_board" })), expected: invalidBody },
    {
      name: "a field the route does not know",
      applies: routeIs(CREATE),
      request: changed(() => ({ event: "create_item", url: "https://evil.example/hook" })),
      expected: invalidBody,
    },
    {
      name: "a config for an event that takes none",
      applies: routeIs(CREATE),
      request: changed(() => ({ event: "create_item", config: { columnId: "status" } })),
      expected: invalidBody,
    },
    {
      name: "a config of the wrong type",
      applies: routeIs(CREATE),
      request: changed(() => ({ event: "change_specific_column_value", config: "status" })),
      expected: invalidBody,
    },
    { name: "an event that is a list", applies: routeIs(CREATE), request: changed(() => ({ event: ["create_item"] })), expected: invalidBody },
    {
      name: "a webhook id that is not a UUID",
      applies: routeIs(DELETE),
      request: withUrl((_t, w) => `${w.base}/api/boards/${w.boardId}/webhooks/not-a-webhook`),
      expected: refused(404, "webhook_not_found"),
    },
    {
      name: "a webhook id Hookboard never issued",
      applies: routeIs(DELETE),
      request: withUrl((_t, w) => `${w.base}/api/boards/${w.boardId}/webhooks/${randomUUID()}`),
      expected: refused(404, "webhook_not_found"),
    },
    {
      name: "a webhook id of 5,000 characters",
      applies: routeIs(DELETE),
      request: withUrl((_t, w) => `${w.base}/api/boards/${w.boardId}/webhooks/${"a".repeat(5000)}`),
      expected: refused(404, "webhook_not_found"),
    },
    {
      name: "sessionToken given twice",
      applies: (t) => t.tokenIn === "query",
      request: async (t, w) => {
        const token = encodeURIComponent(await rightToken(t, w));
        return { method: t.method, url: `${t.url}?sessionToken=${token}&sessionToken=${token}`, headers: {} };
      },
      expected: refused(401, "jwt_missing"),
    },
  ];
}
