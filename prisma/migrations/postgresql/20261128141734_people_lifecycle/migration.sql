-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "UserStatus" ADD VALUE 'invited';
ALTER TYPE "UserStatus" ADD VALUE 'deprovisioned';

-- DropIndex
DROP INDEX "User_groupId_idx";

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "formerEmail" TEXT,
ADD COLUMN     "nameKey" TEXT,
ADD COLUMN     "statusChangedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "User_groupId_email_idx" ON "User"("groupId", "email");

-- CreateIndex
CREATE INDEX "User_status_email_idx" ON "User"("status", "email");

-- CreateIndex
CREATE INDEX "User_nameKey_idx" ON "User"("nameKey");

-- The name key of existing accounts, for the admins' prefix search.
UPDATE "User" SET "nameKey" = lower("displayName") WHERE "displayName" IS NOT NULL;
