-- CreateTable
CREATE TABLE "AccessCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "hash" TEXT,
    "status" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "approvedById" TEXT,
    "verification" TEXT NOT NULL,
    "checks" TEXT NOT NULL,
    "validMinutes" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "issuedAt" DATETIME,
    "expiresAt" DATETIME,
    "usedAt" DATETIME,
    CONSTRAINT "AccessCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "AccessCode_hash_key" ON "AccessCode"("hash");

-- CreateIndex
CREATE INDEX "AccessCode_userId_idx" ON "AccessCode"("userId");

-- CreateIndex
CREATE INDEX "AccessCode_status_idx" ON "AccessCode"("status");
