-- CreateTable
CREATE TABLE "PendingRecovery" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "cancelTokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "readyAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "ipAddress" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "PendingRecovery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PendingRecovery_cancelTokenHash_key" ON "PendingRecovery"("cancelTokenHash");

-- CreateIndex
CREATE INDEX "PendingRecovery_userId_status_idx" ON "PendingRecovery"("userId", "status");

-- CreateIndex
CREATE INDEX "PendingRecovery_expiresAt_idx" ON "PendingRecovery"("expiresAt");

-- AddForeignKey
ALTER TABLE "PendingRecovery" ADD CONSTRAINT "PendingRecovery_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
