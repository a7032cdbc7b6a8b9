// Builds the board view (client/dist) when it is missing or older than its sources: before
// `npm start` (prestart) and before a test run (test/e2e/global-setup.ts), so neither needs a
// manual build step. `tsx scripts/build-client.ts` builds if stale; `--force` always builds.
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const CLIENT_DIR = join(ROOT, "client");
export const DIST_DIR = join(CLIENT_DIR, "dist");
const BUILT_MARKER = join(DIST_DIR, "index.html");

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/** The client's inputs: its sources, page, build config, and the installed packages. */
function sourcesChangedAt(): number {
  const inputs = [join(CLIENT_DIR, "src"), join(CLIENT_DIR, "index.html"), join(CLIENT_DIR, "vite.config.ts"), join(ROOT, "package-lock.json")];
  return Math.max(...inputs.filter(existsSync).map(newestMtime));
}

export function clientBuildIsCurrent(): boolean {
  return existsSync(BUILT_MARKER) && statSync(BUILT_MARKER).mtimeMs >= sourcesChangedAt();
}

/**
 * Builds into a fresh directory and swaps it in, so a server already serving client/dist (another
 * test run on this machine) never sees a half-written build.
 */
export async function buildClient(): Promise<void> {
  const { build } = await import("vite");
  const staging = `${DIST_DIR}.building-${process.pid}`;
  const retired = `${DIST_DIR}.old-${process.pid}`;
  // vitest runs with NODE_ENV=test, which would make Vite and the React plugin build for development
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ configFile: join(CLIENT_DIR, "vite.config.ts"), mode: "production", logLevel: "warn", build: { outDir: staging, emptyOutDir: true } });
    if (existsSync(DIST_DIR)) renameSync(DIST_DIR, retired);
    renameSync(staging, DIST_DIR);
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    rmSync(staging, { recursive: true, force: true });
    rmSync(retired, { recursive: true, force: true });
  }
}

export async function ensureClientBuilt(): Promise<"current" | "built"> {
  if (clientBuildIsCurrent()) return "current";
  await buildClient();
  return "built";
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const force = process.argv.includes("--force");
  if (!force && clientBuildIsCurrent()) process.exit(0);
  try {
    await buildClient();
    console.log("Hookboard: built the board view into client/dist");
  } catch (error) {
    // a production install without dev dependencies cannot build; a build shipped with it still serves
    const shipped = existsSync(BUILT_MARKER);
    console.error(
      `Hookboard: could not build the board view (${error instanceof Error ? error.message : String(error)}).${shipped ? " Serving the existing build." : " /view/ will answer 503 until `npm run build:client` succeeds."}`,
    );
    if (force) process.exit(1);
  }
}
