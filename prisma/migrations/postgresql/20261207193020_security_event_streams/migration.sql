-- CreateTable
CREATE TABLE "SsfStream" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "endpointUrl" TEXT NOT NULL,
    "eventsRequested" TEXT NOT NULL,
    "description" TEXT,
    "status" TEXT NOT NULL DEFAULT 'enabled',
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "retryAt" TIMESTAMP(3),
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastDeliveredAt" TIMESTAMP(3),
    "claimedUntil" TIMESTAMP(3),

    CONSTRAINT "SsfStream_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SsfEvent" (
    "id" SERIAL NOT NULL,
    "jti" TEXT NOT NULL,
    "streamId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SsfEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SsfStream_clientId_key" ON "SsfStream"("clientId");

-- CreateIndex
CREATE UNIQUE INDEX "SsfEvent_jti_key" ON "SsfEvent"("jti");

-- CreateIndex
CREATE INDEX "SsfEvent_streamId_id_idx" ON "SsfEvent"("streamId", "id");

-- AddForeignKey
ALTER TABLE "SsfStream" ADD CONSTRAINT "SsfStream_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "OidcApp"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SsfEvent" ADD CONSTRAINT "SsfEvent_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "SsfStream"("id") ON DELETE CASCADE ON UPDATE CASCADE;
