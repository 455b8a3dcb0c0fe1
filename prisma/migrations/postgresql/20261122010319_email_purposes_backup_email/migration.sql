-- DropIndex
DROP INDEX "EmailChallenge_email_status_idx";

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "backupEmail" TEXT,
ADD COLUMN     "backupEmailVerifiedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "EmailChallenge" ADD COLUMN     "purpose" TEXT NOT NULL DEFAULT 'sign_in';

-- CreateIndex
CREATE INDEX "User_backupEmail_idx" ON "User"("backupEmail");

-- CreateIndex
CREATE INDEX "EmailChallenge_email_purpose_status_idx" ON "EmailChallenge"("email", "purpose", "status");
