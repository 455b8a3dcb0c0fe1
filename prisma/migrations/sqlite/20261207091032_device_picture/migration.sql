-- AlterTable
ALTER TABLE "Session" ADD COLUMN "browserFamily" TEXT;
ALTER TABLE "Session" ADD COLUMN "capabilities" TEXT;
ALTER TABLE "Session" ADD COLUMN "osFamily" TEXT;

-- AlterTable
ALTER TABLE "Passkey" ADD COLUMN "createdBrowser" TEXT;
ALTER TABLE "Passkey" ADD COLUMN "createdOs" TEXT;
