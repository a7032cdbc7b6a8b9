// A stand-in for monday's app service: the receiver of async results at back_to_url
// (`https://monday-apps-ms.monday.com/api/webhooks/response/{jobId}` in monday's docs). It records
// every callback with the answer it gave, and can refuse them for a while of (simulated) time.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { closeLocal, listenLocal } from "../../server/test-kit/local-server.ts";

export interface ReceivedCallback {
  jobId: string;
  body: unknown;
  contentType: string | null;
  /** the status the stand-in answered with */
  status: number;
  /** on the stand-in's clock */
  at: Date;
}

const RESPONSE_PATH = /^\/api\/webhooks\/response\/([^/?]+)$/;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export class AppServiceStandIn {
  readonly received: ReceivedCallback[] = [];
  private refusing: { until: Date | null; status: number } | null = null;
  private redirecting: string | null = null;
  private server: Server | null = null;
  url = "";

  /** `clock` decides "for a while": pass the clock Hookboard runs on to simulate minutes. */
  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** A fresh back_to_url for one event. */
  backToUrl(jobId: string = randomUUID()): string {
    return `${this.url}/api/webhooks/response/${jobId}`;
  }

  /** Answers `status` to every callback until `until` on the clock (null: until told otherwise). */
  refuse(until: Date | null, status = 503): this {
    this.refusing = { until, status };
    return this;
  }

  accept(): this {
    this.refusing = null;
    this.redirecting = null;
    return this;
  }

  /** Answers every callback with a redirect to `location` (a receiver must not follow it). */
  redirect(location: string): this {
    this.redirecting = location;
    return this;
  }

  callbacksFor(backToUrl: string): ReceivedCallback[] {
    const jobId = backToUrl.slice(backToUrl.lastIndexOf("/") + 1);
    return this.received.filter((r) => r.jobId === jobId);
  }

  acceptedFor(backToUrl: string): ReceivedCallback[] {
    return this.callbacksFor(backToUrl).filter((r) => r.status >= 200 && r.status < 300);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void (async () => {
        const text = await readBody(req);
        const match = RESPONSE_PATH.exec(req.url ?? "");
        if (req.method !== "POST" || !match) {
          res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not_found" }));
          return;
        }
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // recorded as text: a test asserts it was JSON
        }
        const now = this.clock();
        if (this.redirecting) {
          this.received.push({ jobId: match[1]!, body, contentType: req.headers["content-type"] ?? null, status: 307, at: now });
          res.writeHead(307, { location: this.redirecting }).end();
          return;
        }
        const refusing = this.refusing && (this.refusing.until === null || now < this.refusing.until);
        const status = refusing ? this.refusing!.status : 200;
        this.received.push({ jobId: match[1]!, body, contentType: req.headers["content-type"] ?? null, status, at: now });
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(refusing ? { error: "unavailable" } : { success: true }));
      })();
    });
    this.url = await listenLocal(this.server);
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    await closeLocal(this.server);
    this.server = null;
  }
}
