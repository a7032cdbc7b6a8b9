-- CreateIndex
CREATE INDEX "deliveries_status_received_at_idx" ON "deliveries"("status", "received_at");

