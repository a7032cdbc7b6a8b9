-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_board_webhooks" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "account_id" TEXT NOT NULL,
    "board_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "config" TEXT,
    "url_token" TEXT NOT NULL,
    "monday_webhook_id" TEXT,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "via_oauth" BOOLEAN NOT NULL DEFAULT true,
    "origin" TEXT NOT NULL DEFAULT 'oauth',
    "replaced_by_id" TEXT,
    "replaced_at" DATETIME,
    "replace_reason" TEXT,
    "repair_attempted_at" DATETIME,
    "repair_error" TEXT,
    "created_by_user_id" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    "last_delivery_at" DATETIME,
    "deleted_at" DATETIME
);
INSERT INTO "new_board_webhooks" ("account_id", "board_id", "config", "created_at", "created_by_user_id", "deleted_at", "event", "id", "last_delivery_at", "monday_webhook_id", "state", "updated_at", "url_token", "via_oauth") SELECT "account_id", "board_id", "config", "created_at", "created_by_user_id", "deleted_at", "event", "id", "last_delivery_at", "monday_webhook_id", "state", "updated_at", "url_token", "via_oauth" FROM "board_webhooks";
DROP TABLE "board_webhooks";
ALTER TABLE "new_board_webhooks" RENAME TO "board_webhooks";
CREATE UNIQUE INDEX "board_webhooks_url_token_key" ON "board_webhooks"("url_token");
CREATE INDEX "board_webhooks_account_id_board_id_idx" ON "board_webhooks"("account_id", "board_id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

