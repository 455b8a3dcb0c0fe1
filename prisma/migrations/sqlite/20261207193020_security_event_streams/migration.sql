-- CreateTable
CREATE TABLE "SsfStream" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "endpointUrl" TEXT NOT NULL,
    "eventsRequested" TEXT NOT NULL,
    "description" TEXT,
    "status" TEXT NOT NULL DEFAULT 'enabled',
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "retryAt" DATETIME,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastDeliveredAt" DATETIME,
    "claimedUntil" DATETIME,
    CONSTRAINT "SsfStream_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "OidcApp" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SsfEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "jti" TEXT NOT NULL,
    "streamId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "SsfEvent_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "SsfStream" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "SsfStream_clientId_key" ON "SsfStream"("clientId");

-- CreateIndex
CREATE UNIQUE INDEX "SsfEvent_jti_key" ON "SsfEvent"("jti");

-- CreateIndex
CREATE INDEX "SsfEvent_streamId_id_idx" ON "SsfEvent"("streamId", "id");
