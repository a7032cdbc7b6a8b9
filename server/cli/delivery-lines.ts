// How the operations commands show a stored delivery: its facts, never its payload.
import { signedOf, type DeliveryStatus } from "../inbox/delivery.ts";

// a record, so the compiler says when a status is added and not listed here
const STATUSES: Record<DeliveryStatus, true> = { pending: true, retrying: true, dead: true, done: true };
export const DELIVERY_STATUSES = Object.keys(STATUSES) as DeliveryStatus[];
export interface DeliveryFacts {
  id: string;
  source: string;
  type: string;
  status: string;
  attempts: number;
  accountId: string | null;
  boardId: string | null;
  receivedAt: Date;
  processedAt: Date | null;
  nextAttemptAt: Date;
  lastError: string | null;
  meta: string;
}

export const DELIVERY_FACTS = {
  id: true,
  source: true,
  type: true,
  status: true,
  attempts: true,
  accountId: true,
  boardId: true,
  receivedAt: true,
  processedAt: true,
  nextAttemptAt: true,
  lastError: true,
  meta: true,
} as const;

export function deliveryLine(d: DeliveryFacts): string {
  const where = [d.accountId ? `account ${d.accountId}` : null, d.boardId ? `board ${d.boardId}` : null].filter(Boolean).join(", ");
  const unsigned = signedOf(d.source, d.meta) === false ? "  unsigned" : "";
  return `${d.id}  ${d.status.padEnd(8)} ${String(d.attempts).padStart(2)} attempt(s)  ${d.source}/${d.type}  received ${d.receivedAt.toISOString()}${where ? `  ${where}` : ""}${unsigned}`;
}

export function deliveryJson({ meta, ...d }: DeliveryFacts) {
  return {
    ...d,
    signed: signedOf(d.source, meta),
    receivedAt: d.receivedAt.toISOString(),
    processedAt: d.processedAt?.toISOString() ?? null,
    nextAttemptAt: d.nextAttemptAt.toISOString(),
  };
}
