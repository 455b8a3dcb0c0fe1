-- DropIndex
DROP INDEX "AuditEvent_userId_createdAt_idx";

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "newSignInNotices" BOOLEAN NOT NULL DEFAULT true;

-- CreateIndex
CREATE INDEX "AuditEvent_userId_createdAt_id_idx" ON "AuditEvent"("userId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_userId_type_createdAt_idx" ON "AuditEvent"("userId", "type", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_userId_result_createdAt_idx" ON "AuditEvent"("userId", "result", "createdAt");
