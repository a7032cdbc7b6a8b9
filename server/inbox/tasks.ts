// Tasks: work a handler asks for that must happen after its database work has committed, outside any
// transaction (an HTTP call, say revoking tokens at uninstall). A task is recorded in the same
// transaction as that work, as a delivery of its own (source `task`), so it exists exactly when the
// work committed, survives a crash, and is carried out by the worker with the retries, backoff and
// dead-lettering of every other delivery.
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient, type Tx } from "../db/client.ts";
import type { ClaimedDelivery } from "./delivery.ts";

export interface NewTask {
  /** the registered task's name (`task:<name>` in the handler registry) */
  name: string;
  /** JSON-serialisable; never a secret in plain text (it is stored and shown like any delivery) */
  payload: unknown;
}

export const TASK_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** Inserts `tasks` for after `parent`'s commit; the same parent and place never yields a second task. */
export async function insertTasks(tx: Tx, parent: Pick<ClaimedDelivery, "id" | "accountId" | "requestId">, tasks: NewTask[]): Promise<void> {
  const now = new Date();
  const rows = tasks.map((task, i) => {
    const payload = JSON.stringify(task.payload ?? null);
    const meta = JSON.stringify({ parentDeliveryId: parent.id });
    return Prisma.sql`(${randomUUID()}, 'task', ${task.name}, ${`task:${parent.id}:${i}:${task.name}`}, ${parent.accountId}, NULL, NULL, ${payload}, ${meta}, 'pending', 0, ${now}, ${parent.requestId}, ${now})`;
  });
  await tx.$executeRaw`
    INSERT INTO deliveries (id, source, type, idempotency_key, account_id, board_id, webhook_id, payload, meta, status, attempts, next_attempt_at, request_id, received_at)
    VALUES ${Prisma.join(rows)}
    ON CONFLICT (idempotency_key) DO NOTHING`;
}

/**
 * Records the task `name` for the period `slot` (e.g. the hour it is due in) unless one is recorded
 * already: every process may ask, one task exists per period, and one worker claims it.
 */
export async function insertPeriodicTask(prisma: PrismaClient, name: string, slot: number, payload: unknown = null): Promise<boolean> {
  const now = new Date();
  const inserted = await prisma.$executeRaw`
    INSERT INTO deliveries (id, source, type, idempotency_key, account_id, board_id, webhook_id, payload, meta, status, attempts, next_attempt_at, request_id, received_at)
    VALUES (${randomUUID()}, 'task', ${name}, ${`task:every:${name}:${slot}`}, NULL, NULL, NULL, ${JSON.stringify(payload)}, ${JSON.stringify({ periodic: slot })}, 'pending', 0, ${now}, NULL, ${now})
    ON CONFLICT (idempotency_key) DO NOTHING`;
  return inserted === 1;
}
