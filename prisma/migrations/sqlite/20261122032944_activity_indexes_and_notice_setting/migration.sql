-- DropIndex
DROP INDEX "AuditEvent_userId_createdAt_idx";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "displayName" TEXT,
    "emailVerifiedAt" DATETIME,
    "backupEmail" TEXT,
    "backupEmailVerifiedAt" DATETIME,
    "role" TEXT NOT NULL DEFAULT 'user',
    "newSignInNotices" BOOLEAN NOT NULL DEFAULT true,
    "status" TEXT NOT NULL DEFAULT 'active',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_User" ("backupEmail", "backupEmailVerifiedAt", "createdAt", "displayName", "email", "emailVerifiedAt", "id", "role", "status", "updatedAt") SELECT "backupEmail", "backupEmailVerifiedAt", "createdAt", "displayName", "email", "emailVerifiedAt", "id", "role", "status", "updatedAt" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE INDEX "User_backupEmail_idx" ON "User"("backupEmail");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AuditEvent_userId_createdAt_id_idx" ON "AuditEvent"("userId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_userId_type_createdAt_idx" ON "AuditEvent"("userId", "type", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_userId_result_createdAt_idx" ON "AuditEvent"("userId", "result", "createdAt");
