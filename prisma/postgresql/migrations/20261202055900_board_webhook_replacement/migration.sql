-- AlterTable
ALTER TABLE "board_webhooks" ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'oauth',
ADD COLUMN     "repair_attempted_at" TIMESTAMP(3),
ADD COLUMN     "repair_error" TEXT,
ADD COLUMN     "replace_reason" TEXT,
ADD COLUMN     "replaced_at" TIMESTAMP(3),
ADD COLUMN     "replaced_by_id" TEXT;

