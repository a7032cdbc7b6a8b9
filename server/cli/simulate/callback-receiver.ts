// The simulator's stand-in for monday's app service: a local HTTP server whose address is the
// back_to_url of simulated async feature events. It answers every result with 200 (as monday does
// when it takes a result) and keeps what came back, so the command can print it.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedResult {
  jobId: string;
  body: unknown;
  at: Date;
}

// monday's own back_to_url has this shape: https://monday-apps-ms.monday.com/api/webhooks/response/{jobId}
const RESPONSE_PATH = /^\/api\/webhooks\/response\/([A-Za-z0-9-]{1,100})$/;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);
const MAX_BODY = 64 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("result too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export class CallbackReceiver {
  readonly received: ReceivedResult[] = [];
  private server: Server | null = null;
  private base = "";
  private listeners: ((result: ReceivedResult) => void)[] = [];

  constructor(private readonly host: string) {}

  async start(port = 0): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    // a loopback name is served on loopback only; another name means the server is elsewhere
    const bindTo = LOOPBACK.has(this.host) ? this.host : undefined;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, bindTo, () => resolve());
    });
    this.server = server;
    const hostInUrl = this.host.includes(":") ? `[${this.host}]` : this.host;
    this.base = `http://${hostInUrl}:${(server.address() as AddressInfo).port}`;
    return this;
  }

  /** A fresh back_to_url for one event. */
  backToUrl(): string {
    return `${this.base}/api/webhooks/response/${randomUUID()}`;
  }

  resultsFor(backToUrl: string): ReceivedResult[] {
    const jobId = backToUrl.slice(backToUrl.lastIndexOf("/") + 1);
    return this.received.filter((r) => r.jobId === jobId);
  }

  onResult(listener: (result: ReceivedResult) => void): void {
    this.listeners.push(listener);
  }

  /** Resolves when every back_to_url got a result, or at the deadline; returns the ones still waiting. */
  async waitFor(backToUrls: string[], timeoutMs: number): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const waiting = backToUrls.filter((url) => this.resultsFor(url).length === 0);
      if (waiting.length === 0 || Date.now() >= deadline) return waiting;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = req.method === "POST" ? RESPONSE_PATH.exec(req.url ?? "") : null;
    if (!match) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not a back_to_url of this simulation" }));
      return;
    }
    let body: unknown;
    try {
      const text = await readBody(req);
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    } catch {
      res.writeHead(413).end();
      return;
    }
    const result = { jobId: match[1]!, body, at: new Date() };
    this.received.push(result);
    for (const listener of this.listeners) listener(result);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ success: true }));
  }
}
