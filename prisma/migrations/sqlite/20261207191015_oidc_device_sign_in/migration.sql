-- AlterTable
ALTER TABLE "OidcPayload" ADD COLUMN "userCode" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OidcApp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "redirectUris" TEXT NOT NULL,
    "postLogoutRedirectUris" TEXT NOT NULL DEFAULT '[]',
    "backchannelLogoutUri" TEXT,
    "clientType" TEXT NOT NULL,
    "secretHash" TEXT,
    "firstParty" BOOLEAN NOT NULL DEFAULT false,
    "allowedGroups" TEXT NOT NULL DEFAULT '[]',
    "minimumLevel" TEXT NOT NULL DEFAULT 'email',
    "signingAlg" TEXT NOT NULL DEFAULT 'ES256',
    "deviceSignIn" BOOLEAN NOT NULL DEFAULT false,
    "refreshOutlivesSession" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "disabledAt" DATETIME
);
INSERT INTO "new_OidcApp" ("allowedGroups", "backchannelLogoutUri", "clientType", "createdAt", "createdBy", "disabledAt", "firstParty", "id", "minimumLevel", "name", "postLogoutRedirectUris", "redirectUris", "secretHash", "signingAlg") SELECT "allowedGroups", "backchannelLogoutUri", "clientType", "createdAt", "createdBy", "disabledAt", "firstParty", "id", "minimumLevel", "name", "postLogoutRedirectUris", "redirectUris", "secretHash", "signingAlg" FROM "OidcApp";
DROP TABLE "OidcApp";
ALTER TABLE "new_OidcApp" RENAME TO "OidcApp";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "OidcPayload_userCode_idx" ON "OidcPayload"("userCode");
