-- CreateTable
CREATE TABLE "delivery_attempts" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "delivery_id" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "error" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "delivery_attempts_delivery_id_at_idx" ON "delivery_attempts"("delivery_id", "at");

