-- CreateTable
CREATE TABLE "job_runs" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "lease_holder" TEXT,
    "lease_until" DATETIME,
    "last_started_at" DATETIME,
    "last_finished_at" DATETIME,
    "last_outcome" TEXT,
    "last_detail" TEXT
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_lifecycle_events" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "account_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "occurred_at" DATETIME NOT NULL,
    "received_at" DATETIME NOT NULL,
    "plan_id" TEXT,
    "delivery_id" TEXT NOT NULL,
    "order_key" TEXT NOT NULL,
    "origin" TEXT NOT NULL DEFAULT 'delivered'
);
INSERT INTO "new_lifecycle_events" ("account_id", "delivery_id", "id", "occurred_at", "order_key", "plan_id", "received_at", "type") SELECT "account_id", "delivery_id", "id", "occurred_at", "order_key", "plan_id", "received_at", "type" FROM "lifecycle_events";
DROP TABLE "lifecycle_events";
ALTER TABLE "new_lifecycle_events" RENAME TO "lifecycle_events";
CREATE UNIQUE INDEX "lifecycle_events_delivery_id_key" ON "lifecycle_events"("delivery_id");
CREATE INDEX "lifecycle_events_account_id_order_key_idx" ON "lifecycle_events"("account_id", "order_key");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

