-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "appSessionId" TEXT;
