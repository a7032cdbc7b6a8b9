-- AlterTable
ALTER TABLE "feature_events" ADD COLUMN "unrecognised" TEXT;

-- CreateTable
CREATE TABLE "delivery_steps" (
    "delivery_id" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "result" TEXT,
    "done_at" DATETIME NOT NULL,

    PRIMARY KEY ("delivery_id", "step")
);

-- CreateTable
CREATE TABLE "token_revocations" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "account_id" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "token_revocations_account_id_idx" ON "token_revocations"("account_id");

