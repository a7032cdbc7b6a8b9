// Child processes for the benchmark: Hookboard itself and the reference servers, each on its own
// port, so the load generator (this process) never shares an event loop with a server under test.
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnServer, type ServerProcess } from "../helpers/server-process.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

export interface Running {
  url: string;
  stop(): Promise<void>;
}

export async function startReference(): Promise<Running> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", join(ROOT, "test/bench/reference-servers.ts"), "0"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = "";
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /listening (\d+)/.exec(buffered);
      if (match) resolve(Number(match[1]));
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`the reference server exited with ${code}`)));
  });
  child.stdout!.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/** Hookboard as `npm start` runs it: the production build (dist/server/main.js). */
export async function startHookboardProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<Running & { process: ServerProcess }> {
  // BENCH_CPU_PROF=<dir>: a CPU profile of each Hookboard process, for finding where the time goes
  const profile = process.env.BENCH_CPU_PROF;
  const nodeArgs = profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : [];
  const server = await spawnServer({ databaseUrl, env: { LOG_LEVEL: "warn", ...env }, build: true, nodeArgs });
  return {
    url: server.url,
    process: server,
    stop: async () => {
      await server.kill("SIGTERM");
    },
  };
}
