-- CreateTable
CREATE TABLE "accounts" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "slug" TEXT,
    "tier" TEXT,
    "max_users" INTEGER,
    "country" TEXT,
    "order_key" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "installs" (
    "account_id" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "app_version" TEXT,
    "installed_at" DATETIME,
    "uninstalled_at" DATETIME,
    "order_key" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "subscriptions" (
    "account_id" TEXT NOT NULL PRIMARY KEY,
    "plan_id" TEXT,
    "is_trial" BOOLEAN NOT NULL DEFAULT false,
    "billing_period" TEXT,
    "renewal_date" DATETIME,
    "days_left" INTEGER,
    "pricing_version" INTEGER,
    "status" TEXT NOT NULL,
    "last_event_type" TEXT NOT NULL,
    "occurred_at" DATETIME NOT NULL,
    "order_key" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "lifecycle_events" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "account_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "occurred_at" DATETIME NOT NULL,
    "received_at" DATETIME NOT NULL,
    "plan_id" TEXT,
    "delivery_id" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "deliveries" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "account_id" TEXT,
    "board_id" TEXT,
    "webhook_id" TEXT,
    "payload" TEXT NOT NULL,
    "meta" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" DATETIME NOT NULL,
    "claim_token" TEXT,
    "claimed_by" TEXT,
    "claim_expires_at" DATETIME,
    "last_error" TEXT,
    "request_id" TEXT,
    "received_at" DATETIME NOT NULL,
    "processed_at" DATETIME
);

-- CreateTable
CREATE TABLE "board_webhooks" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "account_id" TEXT NOT NULL,
    "board_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "config" TEXT,
    "url_token" TEXT NOT NULL,
    "monday_webhook_id" TEXT,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "via_oauth" BOOLEAN NOT NULL DEFAULT true,
    "created_by_user_id" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    "last_delivery_at" DATETIME,
    "deleted_at" DATETIME
);

-- CreateTable
CREATE TABLE "oauth_tokens" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "account_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "flow" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "access_token" TEXT NOT NULL,
    "refresh_token" TEXT,
    "scopes" TEXT NOT NULL DEFAULT '',
    "expires_at" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0,
    "needs_reconnect" BOOLEAN NOT NULL DEFAULT false,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "oauth_states" (
    "state_hash" TEXT NOT NULL PRIMARY KEY,
    "account_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "code_verifier" TEXT,
    "expires_at" DATETIME NOT NULL,
    "used_at" DATETIME,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "feature_events" (
    "event_id" TEXT NOT NULL PRIMARY KEY,
    "delivery_id" TEXT,
    "account_id" TEXT,
    "type" TEXT NOT NULL,
    "feature_type" TEXT,
    "mode" TEXT NOT NULL,
    "event_action_origin" TEXT,
    "payload" TEXT NOT NULL,
    "result" TEXT,
    "result_status" INTEGER,
    "back_to_url" TEXT,
    "callback_status" TEXT NOT NULL DEFAULT 'none',
    "callback_attempts" INTEGER NOT NULL DEFAULT 0,
    "callback_next_at" DATETIME,
    "callback_deadline" DATETIME,
    "callback_last_error" TEXT,
    "callback_claim" TEXT,
    "callback_claim_exp" DATETIME,
    "received_at" DATETIME NOT NULL,
    "processed_at" DATETIME
);

-- CreateTable
CREATE TABLE "board_view_settings" (
    "view_id" TEXT NOT NULL PRIMARY KEY,
    "account_id" TEXT,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "deleted_at" DATETIME,
    "updated_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "lifecycle_events_delivery_id_key" ON "lifecycle_events"("delivery_id");

-- CreateIndex
CREATE INDEX "lifecycle_events_account_id_occurred_at_idx" ON "lifecycle_events"("account_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "deliveries_idempotency_key_key" ON "deliveries"("idempotency_key");

-- CreateIndex
CREATE INDEX "deliveries_status_next_attempt_at_idx" ON "deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "deliveries_account_id_received_at_idx" ON "deliveries"("account_id", "received_at");

-- CreateIndex
CREATE INDEX "deliveries_webhook_id_received_at_idx" ON "deliveries"("webhook_id", "received_at");

-- CreateIndex
CREATE INDEX "deliveries_board_id_received_at_idx" ON "deliveries"("board_id", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "board_webhooks_url_token_key" ON "board_webhooks"("url_token");

-- CreateIndex
CREATE INDEX "board_webhooks_account_id_board_id_idx" ON "board_webhooks"("account_id", "board_id");

-- CreateIndex
CREATE UNIQUE INDEX "oauth_tokens_account_id_user_id_key" ON "oauth_tokens"("account_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "feature_events_delivery_id_key" ON "feature_events"("delivery_id");

-- CreateIndex
CREATE INDEX "feature_events_callback_status_callback_next_at_idx" ON "feature_events"("callback_status", "callback_next_at");

-- CreateIndex
CREATE INDEX "feature_events_account_id_received_at_idx" ON "feature_events"("account_id", "received_at");

