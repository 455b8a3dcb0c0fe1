-- CreateTable
CREATE TABLE "EmailDelivery" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ref" TEXT,
    "userId" TEXT,
    "status" TEXT NOT NULL,
    "detail" TEXT,
    "sentAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailWebhookEvent" (
    "id" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailWebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EmailDelivery_ref_idx" ON "EmailDelivery"("ref");

-- CreateIndex
CREATE INDEX "EmailDelivery_userId_sentAt_idx" ON "EmailDelivery"("userId", "sentAt");

-- CreateIndex
CREATE INDEX "EmailDelivery_sentAt_status_idx" ON "EmailDelivery"("sentAt", "status");

-- CreateIndex
CREATE INDEX "EmailWebhookEvent_receivedAt_idx" ON "EmailWebhookEvent"("receivedAt");

-- AddForeignKey
ALTER TABLE "EmailDelivery" ADD CONSTRAINT "EmailDelivery_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
