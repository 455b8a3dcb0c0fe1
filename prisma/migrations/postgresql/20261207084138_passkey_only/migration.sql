-- AlterTable
ALTER TABLE "User" ADD COLUMN     "passkeyOnlySince" TIMESTAMP(3);
