-- CreateTable
CREATE TABLE "example_board_item_counts" (
    "board_id" TEXT NOT NULL PRIMARY KEY,
    "account_id" TEXT NOT NULL,
    "items" INTEGER NOT NULL DEFAULT 0,
    "updated_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "example_board_item_counts_account_id_idx" ON "example_board_item_counts"("account_id");

