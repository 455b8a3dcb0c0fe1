-- CreateTable
CREATE TABLE "AccessCode" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "hash" TEXT,
    "status" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "approvedById" TEXT,
    "verification" TEXT NOT NULL,
    "checks" TEXT NOT NULL,
    "validMinutes" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "issuedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "AccessCode_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AccessCode_hash_key" ON "AccessCode"("hash");

-- CreateIndex
CREATE INDEX "AccessCode_userId_idx" ON "AccessCode"("userId");

-- CreateIndex
CREATE INDEX "AccessCode_status_idx" ON "AccessCode"("status");

-- AddForeignKey
ALTER TABLE "AccessCode" ADD CONSTRAINT "AccessCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
