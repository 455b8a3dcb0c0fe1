-- AlterTable
ALTER TABLE "EmailChallenge" ADD COLUMN "linkCodeHash" TEXT;
