-- AlterTable
ALTER TABLE "EmailChallenge" ADD COLUMN     "knownBrowser" BOOLEAN NOT NULL DEFAULT false;
