// Every GraphQL document Hookboard sends to monday (server, CLI, board view, and the example app)
// validates against monday's published schema for the API version Hookboard pins
// (server/test-kit/monday/monday-schema.ts says where the schema comes from). The documents are
// found by reading the sources: every string that starts like a GraphQL operation is one. Those
// written out whole are validated as they are; those built at run time (the lifecycle subscription
// API writes its arguments inline) are sent by the real code to the stand-in monday, and what it
// received is validated.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LifecycleSubscriptionsApi } from "../../server/features/lifecycle-subscriptions-api.ts";
import { MONDAY_API_VERSION } from "../../server/monday-api/api-version.ts";
import { MondayApi } from "../../server/monday-api/monday-api.ts";
import { serveLifecycleSubscriptions } from "../../server/test-kit/monday/lifecycle-subscriptions.ts";
import { MONDAY_SCHEMA_VERSION, schemaProblems } from "../../server/test-kit/monday/monday-schema.ts";
import { MondayStandIn } from "../../server/test-kit/monday/standin-server.ts";

const ROOT = join(import.meta.dirname, "../..");
/** where documents sent to monday are written; the stand-in monday (server/test-kit) only receives them */
const SENDERS = ["server", "client/src", "examples", "bin"];
const SKIPPED = [/^server\/db\/generated\//, /^server\/test-kit\//, /\.test\.tsx?$/];
const OPERATION = /^\s*(query|mutation|subscription)\b\s*(\w+\s*)?[({]/;

interface Found {
  file: string;
  line: number;
  /** the document, or null when it is built at run time (a template with substitutions) */
  document: string | null;
  text: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" || name === "dist" ? [] : sourceFiles(path);
    return /\.(ts|tsx|mts|mjs)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

function documentsIn(path: string): Found[] {
  const file = relative(ROOT, path);
  const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
  const found: Found[] = [];
  const visit = (node: ts.Node) => {
    let text: string | null = null;
    let whole = true;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) {
      text = node.head.text;
      whole = false;
    }
    if (text !== null && OPERATION.test(text)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      found.push({ file, line, document: whole ? text : null, text: node.getText() });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const everything = SENDERS.flatMap((dir) => sourceFiles(join(ROOT, dir)))
  .filter((path) => !SKIPPED.some((skip) => skip.test(relative(ROOT, path))))
  .flatMap(documentsIn);
const written = everything.filter((f): f is Found & { document: string } => f.document !== null);
const built = everything.filter((f) => f.document === null);

describe(`every GraphQL document Hookboard sends, against monday's schema for ${MONDAY_SCHEMA_VERSION}`, () => {
  it("The stored schema is the one of the API version Hookboard sends", () => {
    expect(MONDAY_SCHEMA_VERSION).toBe(MONDAY_API_VERSION);
  });

  it("The sources are read: the server's, the CLI's, the view's and the example's documents are all found", () => {
    const files = new Set(everything.map((f) => f.file));
    for (const file of [
      "server/board-webhooks/monday-webhooks.ts",
      "server/oauth/oauth-connect.ts",
      "server/features/lifecycle-subscriptions-api.ts",
      "server/reconcile/monday-records.ts",
      "client/src/board/board-structure.ts",
      "examples/item-counter/item-counter.ts",
    ]) {
      expect(files, file).toContain(file);
    }
  });

  it.each(written.map((f) => [`${f.file}:${f.line}`, f.document] as const))("%s validates", (_where, document) => {
    expect(schemaProblems(document)).toEqual([]);
  });

  describe("documents built at run time, as the stand-in monday receives them", () => {
    let monday: MondayStandIn;
    let api: LifecycleSubscriptionsApi;
    const sent: string[] = [];

    beforeAll(async () => {
      monday = await new MondayStandIn().start();
      serveLifecycleSubscriptions(monday, {
        appId: "10000001",
        features: [{ entityIdentifier: "hookboard::board-view", featureType: "AppFeatureBoardView" }],
      });
      api = new LifecycleSubscriptionsApi(new MondayApi({ apiUrl: monday.apiUrl, apiVersion: MONDAY_API_VERSION }), "collaborator-token");
      // the values a real configuration has, with the characters a literal must escape
      await api.list("10000001").catch(() => null);
      await api.list("10000001", "20000002").catch(() => null);
      await api
        .replace("hookboard::board-view", [
          { event_type: "AppFeatureBoardView:delete", webhook_url: 'https://hooks.example.com/webhooks/features/delete?x="1"', is_sync: true },
          { event_type: "AppFeatureBoardView:restore", webhook_url: "https://hooks.example.com/webhooks/features/restore\\path", is_sync: false },
        ])
        .catch(() => null);
      await api.delete("hookboard::board-view").catch(() => null);
      sent.push(...monday.requests.filter((r) => r.path === "/v2").map((r) => String((r.json as { query?: unknown }).query)));
    });
    afterAll(() => monday?.stop());

    it("Every document built at run time is one the lifecycle subscription API builds, and all of its kinds were sent", () => {
      expect(built.map((f) => f.file)).toEqual(built.map(() => "server/features/lifecycle-subscriptions-api.ts"));
      for (const field of ["get_app_lifecycle_subscriptions", "update_app_lifecycle_subscription", "delete_app_lifecycle_subscription"]) {
        expect(
          built.some((f) => f.text.includes(field)),
          field,
        ).toBe(true);
        expect(
          sent.some((d) => d.includes(field)),
          field,
        ).toBe(true);
      }
      expect(sent).toHaveLength(4);
    });

    it("Every document built at run time validates", () => {
      for (const document of sent) expect(schemaProblems(document), document).toEqual([]);
    });
  });

  it("A document monday would refuse is refused by the check: a field the type does not have, a wrong argument type, a syntax error", () => {
    expect(schemaProblems("query { boards { id nonsense } }").join()).toMatch(/Cannot query field "nonsense" on type "Board"/);
    expect(schemaProblems("query ($b: String!) { boards(ids: [$b]) { id } }").join()).toMatch(
      /Variable "\$b" of type "String!" used in position expecting type "ID!"/,
    );
    expect(schemaProblems("query { boards { id }").join()).toMatch(/Syntax Error/);
  });
});

describe("the stand-in monday checks every document against the schema", () => {
  let monday: MondayStandIn;

  beforeAll(async () => {
    monday = await new MondayStandIn().start();
    monday.graphql("boards", () => ({ data: [{ id: "1" }] }));
  });
  afterAll(() => monday?.stop());

  const ask = async (query: string) => {
    const res = await fetch(monday.apiUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "token", "api-version": MONDAY_API_VERSION },
      body: JSON.stringify({ query }),
    });
    return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };
  };

  it("When a document does not validate, then the stand-in answers a GraphQL error naming the problem and resolves nothing", async () => {
    const refused = await ask("query { boards { id columns_that_do_not_exist } }");
    expect(refused.status).toBe(200);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.[0]).toMatchObject({ extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    expect(refused.body.errors?.[0]?.message).toMatch(/columns_that_do_not_exist/);

    const answered = await ask("query { boards { id } }");
    expect(answered.body).toMatchObject({ data: { boards: [{ id: "1" }] } });
  });
});
