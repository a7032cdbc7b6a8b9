-- AlterTable
ALTER TABLE "feature_events" ADD COLUMN "callback_sent_at" DATETIME;

