-- AlterTable
ALTER TABLE "oauth_tokens" ADD COLUMN "refresh_lease_until" DATETIME;

-- CreateIndex
CREATE INDEX "deliveries_webhook_id_status_received_at_idx" ON "deliveries"("webhook_id", "status", "received_at");

