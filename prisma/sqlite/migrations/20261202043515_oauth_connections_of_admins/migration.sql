-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_oauth_states" (
    "state_hash" TEXT NOT NULL PRIMARY KEY,
    "account_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "is_admin" BOOLEAN NOT NULL DEFAULT false,
    "code_verifier" TEXT,
    "expires_at" DATETIME NOT NULL,
    "used_at" DATETIME,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_oauth_states" ("account_id", "code_verifier", "created_at", "expires_at", "state_hash", "used_at", "user_id") SELECT "account_id", "code_verifier", "created_at", "expires_at", "state_hash", "used_at", "user_id" FROM "oauth_states";
DROP TABLE "oauth_states";
ALTER TABLE "new_oauth_states" RENAME TO "oauth_states";
CREATE TABLE "new_oauth_tokens" (
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
    "is_admin" BOOLEAN NOT NULL DEFAULT false,
    "refresh_lease_until" DATETIME,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);
INSERT INTO "new_oauth_tokens" ("access_token", "account_id", "created_at", "expires_at", "flow", "id", "key_id", "needs_reconnect", "refresh_lease_until", "refresh_token", "scopes", "updated_at", "user_id", "version") SELECT "access_token", "account_id", "created_at", "expires_at", "flow", "id", "key_id", "needs_reconnect", "refresh_lease_until", "refresh_token", "scopes", "updated_at", "user_id", "version" FROM "oauth_tokens";
DROP TABLE "oauth_tokens";
ALTER TABLE "new_oauth_tokens" RENAME TO "oauth_tokens";
CREATE UNIQUE INDEX "oauth_tokens_account_id_user_id_key" ON "oauth_tokens"("account_id", "user_id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

