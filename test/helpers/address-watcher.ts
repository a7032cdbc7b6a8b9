// A listener on an address a test promises Hookboard never calls. Every request that reaches it is
// recorded, so "never called" is observed instead of assumed; `proveReachable` first shows that a
// request to the address really lands here, so the watcher's silence means something.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { closeLocal, listenLocal } from "../../server/test-kit/local-server.ts";

export interface WatchedRequest {
  method: string;
  url: string;
  host: string | null;
}

export class AddressWatcher {
  readonly requests: WatchedRequest[] = [];
  private server: Server | null = null;
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res) => {
      this.requests.push({ method: req.method ?? "", url: req.url ?? "", host: req.headers.host ?? null });
      req.resume();
      res.writeHead(200, { "content-type": "application/json" }).end('{"success":true}');
    });
    await listenLocal(this.server);
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** An http URL on this watcher's port under `host` (a name or address that reaches 127.0.0.1). */
  url(host: string, path = "/api/webhooks/response/never"): string {
    return `http://${host}:${this.port}${path}`;
  }

  /**
   * Sends one request to `url` (credentials left out) and fails unless it arrived here; then
   * forgets everything seen so far: the watch starts now.
   */
  async proveReachable(url: string): Promise<void> {
    const target = new URL(url);
    target.username = "";
    target.password = "";
    this.requests.length = 0;
    const res = await fetch(target, { method: "POST" });
    await res.arrayBuffer();
    if (this.requests.length !== 1) throw new Error(`a request to ${target.href} did not reach the watcher on port ${this.port}`);
    this.requests.length = 0;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    await closeLocal(this.server);
    this.server = null;
  }
}
