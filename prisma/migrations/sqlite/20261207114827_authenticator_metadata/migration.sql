-- AlterTable
ALTER TABLE "Passkey" ADD COLUMN "revokeAt" DATETIME;
ALTER TABLE "Passkey" ADD COLUMN "verifiedModel" TEXT;

-- CreateTable
CREATE TABLE "AuthenticatorMetadata" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "blobNo" INTEGER NOT NULL,
    "nextUpdate" DATETIME NOT NULL,
    "loadedAt" DATETIME NOT NULL,
    "lastAttemptAt" DATETIME NOT NULL,
    "lastFailure" TEXT
);

-- CreateTable
CREATE TABLE "AuthenticatorModel" (
    "aaguid" TEXT NOT NULL PRIMARY KEY,
    "description" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "certificationLevel" TEXT,
    "statement" TEXT NOT NULL,
    "blobNo" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "AuthenticatorRecall" (
    "aaguid" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "foundAt" DATETIME NOT NULL,
    "notifiedAt" DATETIME,
    "revokeAt" DATETIME,
    "decidedBy" TEXT
);

-- CreateIndex
CREATE INDEX "Passkey_aaguid_idx" ON "Passkey"("aaguid");

-- CreateIndex
CREATE INDEX "Passkey_revokeAt_idx" ON "Passkey"("revokeAt");
