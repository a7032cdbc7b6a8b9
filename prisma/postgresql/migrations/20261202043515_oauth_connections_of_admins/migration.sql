-- AlterTable
ALTER TABLE "oauth_states" ADD COLUMN     "is_admin" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "oauth_tokens" ADD COLUMN     "is_admin" BOOLEAN NOT NULL DEFAULT false;

