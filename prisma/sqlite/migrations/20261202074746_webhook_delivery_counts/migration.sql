-- CreateTable
CREATE TABLE "webhook_delivery_counts" (
    "webhook_id" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "deliveries" INTEGER NOT NULL,

    PRIMARY KEY ("webhook_id", "bucket")
);


-- the deliveries already stored, counted into their buckets
INSERT INTO "webhook_delivery_counts" ("webhook_id", "bucket", "deliveries")
SELECT "webhook_id", CAST(strftime('%s', "received_at") AS INTEGER) / 300, COUNT(*)
FROM "deliveries" WHERE "webhook_id" IS NOT NULL
GROUP BY 1, 2;
