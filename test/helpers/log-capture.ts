// A logger whose lines a test can read: every level down to trace, parsed back from pino's JSON.
import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../server/log/logger.ts";

export interface CapturedLog {
  log: Logger;
  /** every line written so far, in order */
  lines: Record<string, unknown>[];
  /** the lines whose message is `msg` */
  withMessage(msg: string): Record<string, unknown>[];
}

export function captureLog(): CapturedLog {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger("trace", sink), lines, withMessage: (msg) => lines.filter((l) => l.msg === msg) };
}
