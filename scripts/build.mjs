// The production build, in plain JavaScript so it runs without tsx (a development dependency):
//   - the server and the CLI, bundled by esbuild (Node, ESM, packages left to node_modules) into
//     dist/server/: main.js (`npm start`), cli.js (`npx hookboard`) and chunk-*.js for what they share or load lazily.
//     dist/server sits as deep as server/, so paths the code takes from its own file (the view's
//     client/dist, prisma/migrations) hold in both;
//   - the board view, by Vite, into client/dist (only where Vite is installed: a production install
//     serves the view it was given, and /view/ answers 503 without one).
// Each is built when missing or older than its inputs; `--force` builds all.
//
//   node scripts/build.mjs [--force] [--server-only | --client-only] [--quiet]
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const CLIENT_DIR = join(ROOT, "client");
export const DIST_DIR = join(CLIENT_DIR, "dist");
export const SERVER_DIST = join(ROOT, "dist", "server");
const CLIENT_MARKER = join(DIST_DIR, "index.html");
const SERVER_MARKER = join(SERVER_DIST, "built");

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

function changedAt(inputs) {
  return Math.max(...inputs.filter((p) => existsSync(p)).map(newestMtime));
}

function isCurrent(marker, inputs) {
  return existsSync(marker) && statSync(marker).mtimeMs >= changedAt(inputs);
}

/** The view's inputs: its sources, page, build config, and the installed packages. */
const clientInputs = () => [join(CLIENT_DIR, "src"), join(CLIENT_DIR, "index.html"), join(CLIENT_DIR, "vite.config.ts"), join(ROOT, "package-lock.json")];
/** The server's inputs: its sources (the generated Prisma clients among them) and the installed packages. */
const serverInputs = () => [join(ROOT, "server"), join(ROOT, "bin"), join(ROOT, "package-lock.json"), join(ROOT, "scripts", "build.mjs")];

export function clientBuildIsCurrent() {
  return isCurrent(CLIENT_MARKER, clientInputs());
}

export function serverBuildIsCurrent() {
  return isCurrent(SERVER_MARKER, serverInputs());
}

/** Builds into a fresh directory and swaps it in, so a process already running from `target` never sees a half-written build. */
async function swapIn(target, build) {
  const staging = `${target}.building-${process.pid}`;
  const retired = `${target}.old-${process.pid}`;
  try {
    await build(staging);
    if (existsSync(target)) renameSync(target, retired);
    renameSync(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(retired, { recursive: true, force: true });
  }
}

export async function buildClient() {
  const { build } = await import("vite");
  // vitest runs with NODE_ENV=test, which would make Vite and the React plugin build for development
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await swapIn(DIST_DIR, (outDir) =>
      build({ configFile: join(CLIENT_DIR, "vite.config.ts"), mode: "production", logLevel: "warn", build: { outDir, emptyOutDir: true } }),
    );
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

export async function buildServer() {
  const esbuild = await import("esbuild");
  await swapIn(SERVER_DIST, async (outdir) => {
    await esbuild.build({
      entryPoints: { main: join(ROOT, "server/main.ts"), cli: join(ROOT, "server/cli/main.ts"), index: join(ROOT, "server/index.ts") },
      outdir,
      bundle: true,
      splitting: true,
      chunkNames: "chunk-[hash]",
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      sourcemap: "linked",
      logLevel: "warning",
      // the generated Prisma client sets __dirname from import.meta.url; the bundle keeps that
      banner: { js: "// built by scripts/build.mjs from server/; do not edit" },
    });
    writeFileSync(join(outdir, "built"), `${new Date().toISOString()}\n`);
  });
}

export async function ensureClientBuilt() {
  if (clientBuildIsCurrent()) return "current";
  await buildClient();
  return "built";
}

export async function ensureServerBuilt() {
  if (serverBuildIsCurrent()) return "current";
  await buildServer();
  return "built";
}

/** Vite and its React plugin are development dependencies: a production install cannot build the view. */
function viteInstalled() {
  return ["vite", "@vitejs/plugin-react"].every((name) => existsSync(join(ROOT, "node_modules", name, "package.json")));
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const force = process.argv.includes("--force");
  const quiet = process.argv.includes("--quiet");
  const say = (text) => quiet || console.log(text);
  try {
    if (!process.argv.includes("--client-only") && (force || !serverBuildIsCurrent())) {
      await buildServer();
      say("Hookboard: built the server and CLI into dist/server");
    }
  } catch (error) {
    console.error(`Hookboard: could not build the server (${error instanceof Error ? error.message : String(error)}).`);
    process.exit(1);
  }
  if (!process.argv.includes("--server-only") && (force || !clientBuildIsCurrent())) {
    if (!viteInstalled()) {
      if (!existsSync(CLIENT_MARKER))
        console.error(
          "Hookboard: the board view is not built and Vite is not installed (npm ci --omit=dev): /view/ answers 503 until `npm run build` runs where dev dependencies are installed.",
        );
      else if (force) say("Hookboard: Vite is not installed; serving the board view already in client/dist");
    } else {
      try {
        await buildClient();
        say("Hookboard: built the board view into client/dist");
      } catch (error) {
        const shipped = existsSync(CLIENT_MARKER);
        console.error(
          `Hookboard: could not build the board view (${error instanceof Error ? error.message : String(error)}).${shipped ? " Serving the existing build." : " /view/ will answer 503 until `npm run build` succeeds."}`,
        );
        if (force) process.exit(1);
      }
    }
  }
}
