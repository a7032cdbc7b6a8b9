// Runs the real `hookboard` command (bin/hookboard.mjs) as a child process, without blocking the
// test's own stand-in servers, and only with the environment the test gives it.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = join(dirname(fileURLToPath(import.meta.url)), "../../bin/hookboard.mjs");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runHookboardCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? mkdtempSync(join(tmpdir(), "hookboard-cli-")),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A project folder holding `files` (name → JSON value). */
export function projectWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "hookboard-project-"));
  for (const [name, value] of Object.entries(files)) writeFileSync(join(dir, name), typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return dir;
}
