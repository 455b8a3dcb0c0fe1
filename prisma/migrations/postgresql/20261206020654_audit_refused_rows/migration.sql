-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "refusedAt" TIMESTAMP(3);
