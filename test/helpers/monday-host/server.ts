// Serves the stand-in monday host page: the board view in an iframe, answered the way monday
// answers monday-sdk-js and the SeamlessApiClient, with a sessionToken signed here with the
// configured client secret, and the view's GraphQL documents checked against monday's schema.
// Used by the end-to-end tests and by `npm run dev`.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { sessionToken } from "../../../server/test-kit/monday-tokens.ts";
import { schemaProblems } from "../../../server/test-kit/monday/monday-schema.ts";
import { DEMO_BOARD, type FixtureBoard } from "./board-fixture.ts";
import { SETTING_NAMES, settingsFromQuery, type HostBoot, type HostConfig, type HostSettings } from "./host-types.ts";

const HERE = dirname(fileURLToPath(import.meta.url));

export interface MondayHostOptions {
  /** the board view's address (Hookboard's /view/, or Vite's in development) */
  viewUrl: string;
  /** the app's Client Secret: what monday signs sessionTokens with */
  clientSecret: string;
  /** the page's starting settings */
  defaults?: Partial<HostSettings>;
  boards?: Record<string, FixtureBoard>;
}

export const DEFAULT_SETTINGS: Omit<HostSettings, "secret"> = {
  accountId: "777777",
  userId: "4242",
  boardId: "3000001",
  theme: "light",
  viewOnly: false,
  guest: false,
  admin: true,
  tokenTtl: 300,
  expireFirstToken: false,
  mondayApi: true,
};

function pageScript(): string {
  const source = readFileSync(join(HERE, "host-page.ts"), "utf8");
  return ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true } })
    .outputText;
}

export class MondayHost {
  url = "";
  private server: Server | null = null;
  private readonly config: HostConfig;
  private readonly script = pageScript();
  private readonly page = readFileSync(join(HERE, "host-page.html"), "utf8");

  constructor(options: MondayHostOptions) {
    this.config = {
      viewUrl: options.viewUrl,
      defaults: { ...DEFAULT_SETTINGS, secret: options.clientSecret, ...options.defaults },
      boards: options.boards ?? {},
      defaultBoard: DEMO_BOARD,
    };
  }

  /** The host page's address with these settings (the rest from the defaults). */
  pageUrl(settings: Partial<HostSettings> = {}): string {
    const q = new URLSearchParams();
    for (const name of SETTING_NAMES) if (settings[name] !== undefined) q.set(name, String(settings[name]));
    return `${this.url}/?${q}`;
  }

  async start(port = 0, host = "127.0.0.1"): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, host, () => resolve()));
    this.url = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://host");
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    try {
      if (req.method !== "GET") return send(405, "text/plain", "GET only");
      switch (url.pathname) {
        case "/":
          return send(200, "text/html; charset=utf-8", await this.renderPage(url.searchParams));
        case "/host-page.js":
          return send(200, "text/javascript; charset=utf-8", this.script);
        case "/favicon.ico":
          return send(204, "image/x-icon", "");
        case "/session-token":
          return send(200, "application/json", JSON.stringify({ token: await this.signQuery(url.searchParams) }));
        case "/graphql-problems":
          // the page asks before answering the view's API call: monday refuses a document its schema does not validate
          return send(200, "application/json", JSON.stringify({ problems: schemaProblems(url.searchParams.get("query") ?? "") }));
        default:
          return send(404, "text/plain", "not found");
      }
    } catch (error) {
      send(400, "application/json", JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
    }
  }

  /** The page, with its settings and the first tokens signed in (see HostBoot). */
  private async renderPage(query: URLSearchParams): Promise<string> {
    const settings = settingsFromQuery(query, this.config.defaults);
    const boot: HostBoot = {
      config: this.config,
      settings,
      urlToken: await this.sign(settings, settings.tokenTtl),
      firstToken: await this.sign(settings, settings.expireFirstToken ? -60 : settings.tokenTtl),
    };
    // inside <script>: nothing in the JSON may close the element
    return this.page.replace("__HOST_BOOT__", () => JSON.stringify(boot).replace(/</g, "\\u003c"));
  }

  /** GET /session-token?accountId&userId&viewOnly&guest&admin&secret&expiresIn, as the page asks. */
  private signQuery(q: URLSearchParams): Promise<string> {
    const id = (name: string) => {
      const v = q.get(name) ?? "";
      if (!/^\d{1,20}$/.test(v)) throw new Error(`${name} must be a number`);
      return v;
    };
    const expiresIn = Number(q.get("expiresIn") ?? this.config.defaults.tokenTtl);
    return this.sign(
      {
        accountId: id("accountId"),
        userId: id("userId"),
        viewOnly: q.get("viewOnly") === "true",
        guest: q.get("guest") === "true",
        admin: q.get("admin") === "true",
        secret: q.get("secret") || this.config.defaults.secret,
      },
      Number.isFinite(expiresIn) ? expiresIn : 300,
    );
  }

  private sign(who: Pick<HostSettings, "accountId" | "userId" | "viewOnly" | "guest" | "admin" | "secret">, expiresIn: number): Promise<string> {
    return sessionToken(
      { accountId: who.accountId, userId: who.userId, isViewOnly: who.viewOnly, isGuest: who.guest, isAdmin: who.admin },
      { secret: who.secret, expiresIn },
    );
  }
}
