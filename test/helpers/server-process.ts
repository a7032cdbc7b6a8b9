// Hookboard as a real operating-system process (`server/main.ts`), for tests that kill it.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { testEnv } from "./hookboard-server.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

// a test that fails or times out must not leave servers running after its worker exits
const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** everything the process wrote, for diagnosing failures */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export interface SpawnOptions {
  databaseUrl: string;
  port?: number;
  env?: Record<string, string>;
  /** run the production build (dist/server/main.js, as `npm start` does; built by the caller) instead of the sources through tsx */
  build?: boolean;
  /** options for node itself (say --cpu-prof, which NODE_OPTIONS refuses) */
  nodeArgs?: string[];
}

export async function spawnServer(options: SpawnOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    ...testEnv({ PORT: String(port), PUBLIC_URL: url, DATABASE_URL: options.databaseUrl, NODE_ENV: "development", LOG_LEVEL: "warn", ...options.env }),
  };
  const args = [...(options.nodeArgs ?? []), ...(options.build ? [join(ROOT, "dist/server/main.js")] : ["--import", "tsx", join(ROOT, "server/main.ts")])];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  child.once("exit", () => children.delete(child));
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready:\n${output}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not become ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    port,
    child,
    output: () => output,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
