-- AlterTable
ALTER TABLE "User" ADD COLUMN     "groupId" TEXT NOT NULL DEFAULT 'customers';

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "verifiedMethod" "SignInMethod";

-- CreateTable
CREATE TABLE "Group" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "policy" TEXT NOT NULL,
    "preset" TEXT,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Group_pkey" PRIMARY KEY ("id")
);

-- Seeded groups (lib/policy/presets.ts): existing and new accounts start in Customers, the default.
INSERT INTO "Group" ("id", "name", "description", "policy", "isDefault", "createdAt", "updatedAt") VALUES
  ('administrators', 'Administrators', 'People who administer the portal: passkeys only after the first sign-in, short sessions.', '{"methods":["passkey","email_code"],"passkey":"required","stepUp":{"windowMinutes":5,"methods":"passkey"},"session":{"idleMinutes":15,"absoluteHours":12},"lifetimes":{"emailCodeMinutes":10,"invitationHours":72},"recovery":{"selfService":false,"emailAlone":false},"authenticators":{"synced":true,"list":"any","aaguids":[]}}', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
  ('employees', 'Employees', 'Staff: every method while passkeys roll out, sessions of a working day.', '{"methods":["passkey","email_code","email_link"],"passkey":"nudge","stepUp":{"windowMinutes":10,"methods":"passkey_or_email"},"session":{"idleMinutes":60,"absoluteHours":24},"lifetimes":{"emailCodeMinutes":10,"invitationHours":72},"recovery":{"selfService":true,"emailAlone":false},"authenticators":{"synced":true,"list":"any","aaguids":[]}}', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
  ('contractors', 'Contractors', 'External staff: short-lived emailed codes and links, half-day sessions.', '{"methods":["passkey","email_code","email_link"],"passkey":"nudge","stepUp":{"windowMinutes":10,"methods":"passkey_or_email"},"session":{"idleMinutes":60,"absoluteHours":12},"lifetimes":{"emailCodeMinutes":5,"invitationHours":72},"recovery":{"selfService":true,"emailAlone":false},"authenticators":{"synced":true,"list":"any","aaguids":[]}}', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
  ('customers', 'Customers', 'Everyone else: every method, a passkey suggested, sessions of a week.', '{"methods":["passkey","email_code","email_link"],"passkey":"nudge","stepUp":{"windowMinutes":10,"methods":"passkey_or_email"},"session":{"idleMinutes":10080,"absoluteHours":720},"lifetimes":{"emailCodeMinutes":10,"invitationHours":72},"recovery":{"selfService":true,"emailAlone":false},"authenticators":{"synced":true,"list":"any","aaguids":[]}}', true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

-- CreateIndex
CREATE UNIQUE INDEX "Group_name_key" ON "Group"("name");

-- CreateIndex
CREATE INDEX "User_groupId_idx" ON "User"("groupId");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
