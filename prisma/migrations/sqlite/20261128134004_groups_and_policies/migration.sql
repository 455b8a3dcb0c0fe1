-- AlterTable
ALTER TABLE "Session" ADD COLUMN "verifiedMethod" TEXT;

-- CreateTable
CREATE TABLE "Group" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "policy" TEXT NOT NULL,
    "preset" TEXT,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- Seeded groups (lib/policy/presets.ts): existing and new accounts start in Customers, the default.
INSERT INTO "Group" ("id", "name", "description", "policy", "isDefault", "createdAt", "updatedAt") VALUES
  ('administrators', 'Administrators', 'People who administer the portal: passkeys only after the first sign-in, short sessions.', '{"methods":["passkey","email_code"],"passkey":"required","stepUp":{"windowMinutes":5,"methods":"passkey"},"session":{"idleMinutes":15,"absoluteHours":12},"lifetimes":{"emailCodeMinutes":10,"invitationHours":72},"recovery":{"selfService":false,"emailAlone":false},"authenticators":{"synced":true,"list":"any","aaguids":[]}}', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
  ('employees', 'Employees', 'Staff: every method while passkeys roll out, sessions of a working day.', '{"methods":["passkey","email_code","email_link"],"passkey":"nudge","stepUp":{"windowMinutes":10,"methods":"passkey_or_email"},"session":{"idleMinutes":60,"absoluteHours":24},"lifetimes":{"emailCodeMinutes":10,"invitationHours":72},"recovery":{"selfService":true,"emailAlone":false},"authenticators":{"synced":true,"list":"any","aaguids":[]}}', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
  ('contractors', 'Contractors', 'External staff: short-lived emailed codes and links, half-day sessions.', '{"methods":["passkey","email_code","email_link"],"passkey":"nudge","stepUp":{"windowMinutes":10,"methods":"passkey_or_email"},"session":{"idleMinutes":60,"absoluteHours":12},"lifetimes":{"emailCodeMinutes":5,"invitationHours":72},"recovery":{"selfService":true,"emailAlone":false},"authenticators":{"synced":true,"list":"any","aaguids":[]}}', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
  ('customers', 'Customers', 'Everyone else: every method, a passkey suggested, sessions of a week.', '{"methods":["passkey","email_code","email_link"],"passkey":"nudge","stepUp":{"windowMinutes":10,"methods":"passkey_or_email"},"session":{"idleMinutes":10080,"absoluteHours":720},"lifetimes":{"emailCodeMinutes":10,"invitationHours":72},"recovery":{"selfService":true,"emailAlone":false},"authenticators":{"synced":true,"list":"any","aaguids":[]}}', true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

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
    "groupId" TEXT NOT NULL DEFAULT 'customers',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "User_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_User" ("backupEmail", "backupEmailVerifiedAt", "createdAt", "displayName", "email", "emailVerifiedAt", "id", "newSignInNotices", "role", "status", "updatedAt") SELECT "backupEmail", "backupEmailVerifiedAt", "createdAt", "displayName", "email", "emailVerifiedAt", "id", "newSignInNotices", "role", "status", "updatedAt" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE INDEX "User_backupEmail_idx" ON "User"("backupEmail");
CREATE INDEX "User_groupId_idx" ON "User"("groupId");
CREATE INDEX "User_role_idx" ON "User"("role");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Group_name_key" ON "Group"("name");
