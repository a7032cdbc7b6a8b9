-- CreateTable
CREATE TABLE "example_board_item_counts" (
    "board_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "items" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "example_board_item_counts_pkey" PRIMARY KEY ("board_id")
);

-- CreateIndex
CREATE INDEX "example_board_item_counts_account_id_idx" ON "example_board_item_counts"("account_id");

