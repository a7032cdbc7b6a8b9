-- CreateTable
CREATE TABLE "webhook_delivery_counts" (
    "webhook_id" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "deliveries" INTEGER NOT NULL,

    CONSTRAINT "webhook_delivery_counts_pkey" PRIMARY KEY ("webhook_id","bucket")
);


-- the deliveries already stored, counted into their buckets
INSERT INTO "webhook_delivery_counts" ("webhook_id", "bucket", "deliveries")
SELECT "webhook_id", floor(extract(epoch FROM "received_at") / 300)::int, COUNT(*)::int
FROM "deliveries" WHERE "webhook_id" IS NOT NULL
GROUP BY 1, 2;
