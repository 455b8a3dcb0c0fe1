-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "browserFamily" TEXT,
ADD COLUMN     "capabilities" TEXT,
ADD COLUMN     "osFamily" TEXT;

-- AlterTable
ALTER TABLE "Passkey" ADD COLUMN     "createdBrowser" TEXT,
ADD COLUMN     "createdOs" TEXT;
