-- CreateTable
CREATE TABLE "EmailDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "ref" TEXT,
    "userId" TEXT,
    "status" TEXT NOT NULL,
    "detail" TEXT,
    "sentAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "EmailDelivery_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EmailWebhookEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "receivedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "EmailDelivery_ref_idx" ON "EmailDelivery"("ref");

-- CreateIndex
CREATE INDEX "EmailDelivery_userId_sentAt_idx" ON "EmailDelivery"("userId", "sentAt");

-- CreateIndex
CREATE INDEX "EmailDelivery_sentAt_status_idx" ON "EmailDelivery"("sentAt", "status");

-- CreateIndex
CREATE INDEX "EmailWebhookEvent_receivedAt_idx" ON "EmailWebhookEvent"("receivedAt");
