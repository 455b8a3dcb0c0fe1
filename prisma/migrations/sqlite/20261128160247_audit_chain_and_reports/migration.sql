-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "actorId" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "actorName" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "digest" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "redactedAt" DATETIME;
ALTER TABLE "AuditEvent" ADD COLUMN "seal" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "seq" INTEGER;

-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "lastSeq" INTEGER NOT NULL,
    "head" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "mac" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "ActivityReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "reportEventId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "resolvedBy" TEXT,
    "resolvedAt" DATETIME,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "ActivityReport_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AuditCheckpoint_kind_createdAt_idx" ON "AuditCheckpoint"("kind", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AuditCheckpoint_kind_lastSeq_key" ON "AuditCheckpoint"("kind", "lastSeq");

-- CreateIndex
CREATE UNIQUE INDEX "ActivityReport_reportEventId_key" ON "ActivityReport"("reportEventId");

-- CreateIndex
CREATE INDEX "ActivityReport_status_createdAt_idx" ON "ActivityReport"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ActivityReport_userId_createdAt_idx" ON "ActivityReport"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_seq_key" ON "AuditEvent"("seq");

-- CreateIndex
CREATE INDEX "AuditEvent_userId_seq_idx" ON "AuditEvent"("userId", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_type_seq_idx" ON "AuditEvent"("type", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_seq_idx" ON "AuditEvent"("actorId", "seq");

-- Reports made before this table existed are open reports of their own history rows.
INSERT INTO "ActivityReport" ("id", "userId", "reportEventId", "status", "createdAt")
SELECT "id", "userId", "id", 'open', "createdAt" FROM "AuditEvent" WHERE "type" = 'activity_reported' AND "userId" IS NOT NULL;
