-- AlterTable
ALTER TABLE "lifecycle_events" ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'delivered';

-- CreateTable
CREATE TABLE "job_runs" (
    "name" TEXT NOT NULL,
    "lease_holder" TEXT,
    "lease_until" TIMESTAMP(3),
    "last_started_at" TIMESTAMP(3),
    "last_finished_at" TIMESTAMP(3),
    "last_outcome" TEXT,
    "last_detail" TEXT,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("name")
);

