// The README's "See it work without a monday account", done as a newcomer does it, on its first
// run: a fresh `git clone` of the committed branch (node_modules hard-linked from this checkout and
// the database clients generated as `npm ci`'s postinstall does, instead of a three-minute install),
// the README's own commands read from the README and run in a shell with a user's environment
// (`npx hookboard` through npm exec, as typed), the clicks it describes made in Chromium.
// Only the ports differ, through the variables the README names, so the test never collides with a
// developer's own `npm run dev`.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FrameLocator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/hookboard-server.ts";
import { freePort } from "../helpers/server-process.ts";
import { launchBrowser, newWindow } from "./browser.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const README_VIEW_PORT = 5173;
const README_HOST_PORT = 5174;

/** The shell commands of the README's demo, in order (comments and prompts left out). */
function demoCommands(readme: string): string[] {
  const start = readme.indexOf("**See it work without a monday account**");
  const end = readme.indexOf("## Test it", start);
  if (start < 0 || end < 0) throw new Error("the README has no 'See it work without a monday account' part before 'Test it'");
  const section = readme.slice(start, end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) =>
    block[1]!
      .split("\n")
      .map((line) => line.replace(/\s+#.*$/, "").trim())
      .filter(Boolean),
  );
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe("the README's demo in a fresh clone", () => {
  const work = mkdtempSync(join(tmpdir(), "hookboard-readme-"));
  const clone = join(work, "hookboard");
  const npmCache = join(work, "npm-cache");
  let readme = "";
  let commands: string[] = [];
  let ports = { hookboard: 0, view: 0, host: 0 };
  let userEnv: Record<string, string> = {};
  let dev: ChildProcess | null = null;
  let devOutput = "";

  /** A command as the README writes it, with the demo's ports, in a shell in the clone. */
  const shell = (command: string): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn("sh", ["-c", command.replaceAll(`:${README_VIEW_PORT}`, `:${ports.view}`)], { cwd: clone, env: userEnv });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.once("error", reject);
      child.once("close", (code) => resolve({ code, stdout, stderr }));
    });

  const generatedStamp = () =>
    ["sqlite", "postgresql"]
      .flatMap((provider) => {
        const dir = join(clone, "server/db/generated", provider);
        return readdirSync(dir).map((file) => `${provider}/${file}:${statSync(join(dir, file)).mtimeMs}`);
      })
      .join("\n");

  beforeAll(async () => {
    execFileSync("git", ["clone", "--quiet", ROOT, clone]);
    // what `npm ci` leaves behind, without its three minutes: the packages (hard links) and its
    // postinstall's database clients
    execFileSync("cp", ["-al", join(ROOT, "node_modules"), join(clone, "node_modules")]);
    execFileSync(process.execPath, ["scripts/prisma-generate.mjs"], { cwd: clone, stdio: "ignore" });
    readme = readFileSync(join(clone, "README.md"), "utf8");
    commands = demoCommands(readme);
    ports = { hookboard: await freePort(), view: await freePort(), host: await freePort() };
    // a user's shell: no test settings, no npm-run PATH entries pointing into this checkout
    const path = (process.env.PATH ?? "")
      .split(":")
      .filter((dir) => !dir.includes("node_modules"))
      .join(":");
    userEnv = {
      PATH: path,
      HOME: process.env.HOME ?? work,
      npm_config_cache: npmCache,
      npm_config_update_notifier: "false",
      PORT: String(ports.hookboard),
      DEV_VIEW_PORT: String(ports.view),
      DEV_HOST_PORT: String(ports.host),
    };
  }, 120_000);

  afterAll(async () => {
    if (dev?.pid && dev.exitCode === null) {
      const exited = new Promise((r) => dev!.once("exit", r));
      process.kill(-dev.pid, "SIGTERM");
      const forced = setTimeout(() => dev?.pid && process.kill(-dev.pid, "SIGKILL"), 15_000);
      await exited;
      clearTimeout(forced);
    }
    rmSync(work, { recursive: true, force: true });
  }, 30_000);

  it("When a newcomer follows the README's demo, then every command works the first time and the view shows the account, the webhook they add and its first event", async () => {
    expect(commands).toEqual([
      "npm run dev",
      `npx hookboard simulate all --url http://localhost:${README_VIEW_PORT}`,
      `npx hookboard simulate create_item --url http://localhost:${README_VIEW_PORT}`,
    ]);
    const [startDev, simulateAll, simulateItem] = commands as [string, string, string];

    // terminal 1: the dev server, in its own process group so it can be stopped whole
    dev = spawn("sh", ["-c", startDev], { cwd: clone, env: userEnv, detached: true });
    dev.stdout!.on("data", (d: Buffer) => (devOutput += d.toString()));
    dev.stderr!.on("data", (d: Buffer) => (devOutput += d.toString()));
    await eventually(
      async () => {
        if (dev!.exitCode !== null) throw new Error(`npm run dev exited with ${dev!.exitCode}:\n${devOutput}`);
        const [host, hookboard] = await Promise.all([
          fetch(`http://127.0.0.1:${ports.host}/`).catch(() => null),
          fetch(`http://localhost:${ports.view}/readyz`).catch(() => null),
        ]);
        return host?.ok && hookboard?.ok;
      },
      120_000,
      "npm run dev to serve the host page and Hookboard",
    );
    expect(existsSync(join(clone, ".env"))).toBe(true);
    const generated = generatedStamp();

    // the stand-in monday, at the address the README gives: connect, add a webhook
    expect(readme).toContain(`Open <http://127.0.0.1:${README_HOST_PORT}/>`);
    const browser = await launchBrowser();
    try {
      const window = await newWindow(browser);
      const page = await window.newPage();
      await page.goto(`http://127.0.0.1:${ports.host}/`);
      const view: FrameLocator = page.frameLocator("#view");
      // Vite compiles the view on its first request: a newcomer's first load is the slowest
      await view.getByTestId("oauth-connect").waitFor({ timeout: 90_000 });
      const popup = window.waitForEvent("page");
      await view.getByTestId("oauth-connect").click();
      await popup;
      await view.getByTestId("oauth-status").getByText("Connected", { exact: true }).waitFor({ timeout: 30_000 });
      await view.getByTestId("add-webhook").click();
      await view.getByTestId("create-webhook-dialog").waitFor();
      await view.getByTestId("field-event").click();
      await view.getByRole("option", { name: "An item is created", exact: true }).click();
      await view.getByTestId("create-webhook-submit").click();
      const row = view.getByTestId("webhooks-table").getByRole("row").filter({ hasText: "An item is created" });
      await row.getByText("Waiting for the first event").waitFor({ timeout: 30_000 });

      // terminal 2: every request, signed like monday's
      const all = await shell(simulateAll);
      expect(all.code, `${all.stdout}\n${all.stderr}`).toBe(0);
      expect(all.stdout).toContain("49 of 49 accepted.");
      expect(all.stdout).toMatch(/board create_item: your webhook [0-9a-f-]{36} \(added in the board view\)/);
      // npx ran the project's own command: nothing installed into npm's cache, no postinstall
      // rewriting the database clients under the dev server's watcher, no restart
      expect(existsSync(join(npmCache, "_npx"))).toBe(false);
      expect(generatedStamp()).toBe(generated);
      expect(devOutput).not.toMatch(/Restarting|Rerunning/);

      // the view refreshes itself: the row turns healthy with its delivery, listed once
      await row.getByText("Healthy").waitFor({ timeout: 30_000 });
      expect(await row.count()).toBe(1);
      expect(await row.innerText()).toMatch(/Healthy\s+just now\s+1\s+0/);
      await view.locator('[data-testid^="delivery-"]').first().waitFor();
      await page.reload();
      await view.getByTestId("subscription-card").getByText("Active").waitFor({ timeout: 60_000 });
      expect(await view.getByTestId("install-status").innerText()).toBe("Installed");

      const item = await shell(simulateItem);
      expect(item.code, `${item.stdout}\n${item.stderr}`).toBe(0);
      expect(item.stdout).toMatch(/board create_item: your webhook [0-9a-f-]{36} \(added in the board view\)/);
      await eventually(async () => /Healthy\s+just now\s+2\s+0/.test(await row.innerText()), 30_000, "the second event on the row");

      // again, as the README allows: still connected and subscribed, the webhook still there
      const again = await shell(simulateAll);
      expect(again.code, `${again.stdout}\n${again.stderr}`).toBe(0);
      await page.reload();
      await view.getByTestId("oauth-status").getByText("Connected", { exact: true }).waitFor({ timeout: 60_000 });
      expect(await view.getByTestId("subscription-card").innerText()).toContain("Active");
      await eventually(async () => /Healthy\s+just now\s+3\s+0/.test(await row.innerText()), 30_000, "the third event on the row");
    } finally {
      await browser.close();
    }
    expect(devOutput).not.toMatch(/Restarting|Rerunning/);
  }, 300_000);
});
