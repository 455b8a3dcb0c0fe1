-- AlterEnum
ALTER TYPE "SignInMethod" ADD VALUE 'sms_code';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "phone" TEXT,
ADD COLUMN     "phoneVerifiedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SmsChallenge" (
    "id" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "userId" TEXT,
    "codeHash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "knownBrowser" BOOLEAN NOT NULL DEFAULT false,
    "texted" BOOLEAN NOT NULL,
    "returnTo" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "SmsChallenge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SmsChallenge_phone_purpose_status_idx" ON "SmsChallenge"("phone", "purpose", "status");

-- CreateIndex
CREATE INDEX "SmsChallenge_userId_idx" ON "SmsChallenge"("userId");

-- CreateIndex
CREATE INDEX "SmsChallenge_createdAt_idx" ON "SmsChallenge"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "User_phone_key" ON "User"("phone");

-- AddForeignKey
ALTER TABLE "SmsChallenge" ADD CONSTRAINT "SmsChallenge_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
