-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "payload" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL,
    "availableAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "OutboxMessage_availableAt_idx" ON "OutboxMessage"("availableAt");
