-- DropIndex
DROP INDEX "lifecycle_events_account_id_occurred_at_idx";

-- AlterTable
-- existing rows sort by time, after any known type at the same instant
ALTER TABLE "lifecycle_events" ADD COLUMN     "order_key" TEXT;
UPDATE "lifecycle_events" SET "order_key" = to_char("occurred_at", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '|99|' || "id";
ALTER TABLE "lifecycle_events" ALTER COLUMN "order_key" SET NOT NULL;

-- CreateIndex
CREATE INDEX "lifecycle_events_account_id_order_key_idx" ON "lifecycle_events"("account_id", "order_key");

