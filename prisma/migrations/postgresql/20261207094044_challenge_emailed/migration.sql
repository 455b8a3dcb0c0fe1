-- AlterTable
ALTER TABLE "EmailChallenge" ADD COLUMN     "emailed" BOOLEAN NOT NULL DEFAULT true;
