-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "refusedAt" DATETIME;
