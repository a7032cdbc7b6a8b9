// A local stand-in for monday's servers (GraphQL API at /v2, OAuth at /oauth2/... and /oauth_ms/...),
// for tests and local development. It records every request it receives, so tests assert on what
// "monday" was asked, and capabilities register the GraphQL fields and routes they need. Every
// GraphQL document is validated against monday's published schema (monday-schema.ts) first.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Kind, parse, type ArgumentNode, type OperationDefinitionNode, type ValueNode } from "graphql";
import { closeLocal, listenLocal } from "../local-server.ts";
import { schemaProblems } from "./monday-schema.ts";

export interface RecordedRequest {
  method: string;
  path: string;
  /** the query string's parameters */
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: unknown;
  /** for GraphQL requests: the root fields asked for, with their arguments */
  operations: GraphqlCall[];
  at: Date;
}

export interface GraphqlCall {
  field: string;
  args: Record<string, unknown>;
}

export interface GraphqlContext {
  /** the Authorization header as sent */
  token: string | null;
  apiVersion: string | null;
  request: RecordedRequest;
}

/** What a resolver returns: data for its field, or a whole response (errors, status, headers). */
export type ResolverResult = { data: unknown } | { status?: number; body: unknown; headers?: Record<string, string> };
export type Resolver = (args: Record<string, unknown>, ctx: GraphqlContext) => ResolverResult | Promise<ResolverResult>;
export type RouteHandler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.INT:
      return Number(node.value);
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((v) => valueOf(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, valueOf(f.value, variables)]));
  }
}

export function parseGraphql(query: string, variables: Record<string, unknown> = {}): GraphqlCall[] {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!op) return [];
  return op.selectionSet.selections.flatMap((sel) =>
    sel.kind === Kind.FIELD
      ? [{ field: sel.name.value, args: Object.fromEntries((sel.arguments ?? []).map((a: ArgumentNode) => [a.name.value, valueOf(a.value, variables)])) }]
      : [],
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export class MondayStandIn {
  readonly requests: RecordedRequest[] = [];
  private readonly resolvers = new Map<string, Resolver>();
  private readonly routes = new Map<string, RouteHandler>();
  private authenticator: ((token: string) => boolean) | null = null;
  private server: Server | null = null;
  url = "";

  /** Answers the GraphQL root field `field` (last registration wins). */
  graphql(field: string, resolver: Resolver): this {
    this.resolvers.set(field, resolver);
    return this;
  }

  /** Refuses GraphQL calls whose token `check` does not accept with HTTP 401, as monday does. */
  authenticate(check: (token: string) => boolean): this {
    this.authenticator = check;
    return this;
  }

  /** Serves `METHOD /path` (exact path, query ignored). */
  route(method: string, path: string, handler: RouteHandler): this {
    this.routes.set(`${method.toUpperCase()} ${path}`, handler);
    return this;
  }

  get apiUrl(): string {
    return `${this.url}/v2`;
  }

  get authUrl(): string {
    return this.url;
  }

  /** The GraphQL calls received for `field`, oldest first. */
  calls(field: string): (GraphqlCall & { ctx: { token: string | null; apiVersion: string | null } })[] {
    return this.requests.flatMap((r) =>
      r.operations
        .filter((o) => o.field === field)
        .map((o) => ({ ...o, ctx: { token: headerOf(r, "authorization"), apiVersion: headerOf(r, "api-version") } })),
    );
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.url = await listenLocal(this.server, port);
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    await closeLocal(this.server);
    this.server = null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const body = await readBody(req);
      const path = (req.url ?? "/").split("?")[0]!;
      let json: unknown = null;
      try {
        json = body ? JSON.parse(body) : null;
      } catch {
        json = null;
      }
      const query = new URLSearchParams((req.url ?? "").split("?")[1] ?? "");
      const recorded: RecordedRequest = { method: req.method ?? "GET", path, query, headers: req.headers, body, json, operations: [], at: new Date() };
      if (path === "/v2" && req.method === "POST") {
        const q = json as { query?: string; variables?: Record<string, unknown> } | null;
        try {
          recorded.operations = q?.query ? parseGraphql(q.query, q.variables ?? {}) : [];
        } catch {
          recorded.operations = [];
        }
        this.requests.push(recorded);
        await this.answerGraphql(recorded, res);
        return;
      }
      this.requests.push(recorded);
      const route = this.routes.get(`${recorded.method} ${path}`);
      if (!route) {
        sendJson(res, 404, { error: "not_found", message: `the monday stand-in does not serve ${recorded.method} ${path}` });
        return;
      }
      await route(recorded, res);
    } catch (error) {
      sendJson(res, 500, { error: "standin_failure", message: String(error) });
    }
  }

  private async answerGraphql(request: RecordedRequest, res: ServerResponse): Promise<void> {
    const ctx: GraphqlContext = { token: headerOf(request, "authorization"), apiVersion: headerOf(request, "api-version"), request };
    if (!ctx.token || (this.authenticator && !this.authenticator(ctx.token))) {
      sendJson(res, 401, { errors: [{ message: "Not Authenticated", extensions: { code: "UNAUTHENTICATED" } }] });
      return;
    }
    if (request.operations.length === 0) {
      sendJson(res, 200, { errors: [{ message: "Parse error on query", extensions: { code: "GRAPHQL_PARSE_FAILED" } }] });
      return;
    }
    // like monday, a document that does not validate against the schema of the API version is refused whole
    const invalid = schemaProblems(String((request.json as { query?: unknown }).query));
    if (invalid.length) {
      sendJson(res, 200, { errors: invalid.map((message) => ({ message, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } })) });
      return;
    }
    const data: Record<string, unknown> = {};
    for (const op of request.operations) {
      const resolver = this.resolvers.get(op.field);
      if (!resolver) {
        sendJson(res, 200, { errors: [{ message: `Field '${op.field}' is not served by the stand-in`, extensions: { code: "undefinedField" } }] });
        return;
      }
      const result = await resolver(op.args, ctx);
      if ("data" in result) {
        data[op.field] = result.data;
      } else {
        sendJson(res, result.status ?? 200, result.body, result.headers);
        return;
      }
    }
    sendJson(res, 200, { data, account_id: 1 });
  }
}

export function headerOf(req: RecordedRequest, name: string): string | null {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}
