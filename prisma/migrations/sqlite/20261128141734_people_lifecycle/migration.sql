-- DropIndex
DROP INDEX "User_groupId_idx";

-- AlterTable
ALTER TABLE "User" ADD COLUMN "formerEmail" TEXT;
ALTER TABLE "User" ADD COLUMN "nameKey" TEXT;
ALTER TABLE "User" ADD COLUMN "statusChangedAt" DATETIME;

-- CreateIndex
CREATE INDEX "User_groupId_email_idx" ON "User"("groupId", "email");

-- CreateIndex
CREATE INDEX "User_status_email_idx" ON "User"("status", "email");

-- CreateIndex
CREATE INDEX "User_nameKey_idx" ON "User"("nameKey");

-- The name key of existing accounts, for the admins' prefix search.
UPDATE "User" SET "nameKey" = lower("displayName") WHERE "displayName" IS NOT NULL;
