-- AlterTable
ALTER TABLE "User" ADD COLUMN "passkeyOnlySince" DATETIME;
