-- AlterTable
ALTER TABLE "Session" ADD COLUMN "verifiedFor" TEXT;
