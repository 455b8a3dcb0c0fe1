-- CreateTable
CREATE TABLE "PendingRecovery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "cancelTokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "readyAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    CONSTRAINT "PendingRecovery_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "PendingRecovery_cancelTokenHash_key" ON "PendingRecovery"("cancelTokenHash");

-- CreateIndex
CREATE INDEX "PendingRecovery_userId_status_idx" ON "PendingRecovery"("userId", "status");

-- CreateIndex
CREATE INDEX "PendingRecovery_expiresAt_idx" ON "PendingRecovery"("expiresAt");
