-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_EmailChallenge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "purpose" TEXT NOT NULL DEFAULT 'sign_in',
    "email" TEXT NOT NULL,
    "userId" TEXT,
    "codeHash" TEXT NOT NULL,
    "linkTokenHash" TEXT NOT NULL,
    "linkCodeHash" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "knownBrowser" BOOLEAN NOT NULL DEFAULT false,
    "emailed" BOOLEAN NOT NULL DEFAULT true,
    "returnTo" TEXT,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "approvedAt" DATETIME,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    CONSTRAINT "EmailChallenge_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_EmailChallenge" ("approvedAt", "attempts", "codeHash", "createdAt", "email", "expiresAt", "id", "ipAddress", "knownBrowser", "linkCodeHash", "linkTokenHash", "purpose", "returnTo", "status", "userAgent", "userId") SELECT "approvedAt", "attempts", "codeHash", "createdAt", "email", "expiresAt", "id", "ipAddress", "knownBrowser", "linkCodeHash", "linkTokenHash", "purpose", "returnTo", "status", "userAgent", "userId" FROM "EmailChallenge";
DROP TABLE "EmailChallenge";
ALTER TABLE "new_EmailChallenge" RENAME TO "EmailChallenge";
CREATE UNIQUE INDEX "EmailChallenge_linkTokenHash_key" ON "EmailChallenge"("linkTokenHash");
CREATE INDEX "EmailChallenge_email_purpose_status_idx" ON "EmailChallenge"("email", "purpose", "status");
CREATE INDEX "EmailChallenge_expiresAt_idx" ON "EmailChallenge"("expiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
