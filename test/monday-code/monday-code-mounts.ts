// Loaded first (`--import`) into the child process that plays Hookboard on monday code. monday code
// mounts the apps SDK's stores as files under /secrets (variables) and /secrets-v2 (secrets): the
// SDK's own, fixed folders, which only root may create on a test machine. This maps those two
// folders into MONDAY_CODE_MOUNTS_DIR, so the real SDK reads the test's files through the very fs
// calls it makes on monday code, without root.
import fs from "node:fs";
import { join } from "node:path";

const root = process.env.MONDAY_CODE_MOUNTS_DIR;
if (!root) throw new Error("MONDAY_CODE_MOUNTS_DIR must name the folder that stands for monday code's mounts");

const MOUNTS = ["/secrets-v2/", "/secrets/"];

function mapped(path: fs.PathLike): fs.PathLike {
  if (typeof path !== "string") return path;
  const mount = MOUNTS.find((m) => path.startsWith(m));
  return mount ? join(root!, mount, path.slice(mount.length)) : path;
}

const { existsSync, readFileSync } = fs;
fs.existsSync = (path) => path !== undefined && existsSync(mapped(path));
fs.readFileSync = ((path: fs.PathOrFileDescriptor, options?: Parameters<typeof readFileSync>[1]) =>
  readFileSync(typeof path === "number" ? path : mapped(path), options)) as typeof fs.readFileSync;
