-- AlterTable
ALTER TABLE "Passkey" ADD COLUMN     "revokeAt" TIMESTAMP(3),
ADD COLUMN     "verifiedModel" TEXT;

-- CreateTable
CREATE TABLE "AuthenticatorMetadata" (
    "id" TEXT NOT NULL,
    "blobNo" INTEGER NOT NULL,
    "nextUpdate" TIMESTAMP(3) NOT NULL,
    "loadedAt" TIMESTAMP(3) NOT NULL,
    "lastAttemptAt" TIMESTAMP(3) NOT NULL,
    "lastFailure" TEXT,

    CONSTRAINT "AuthenticatorMetadata_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuthenticatorModel" (
    "aaguid" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "certificationLevel" TEXT,
    "statement" TEXT NOT NULL,
    "blobNo" INTEGER NOT NULL,

    CONSTRAINT "AuthenticatorModel_pkey" PRIMARY KEY ("aaguid")
);

-- CreateTable
CREATE TABLE "AuthenticatorRecall" (
    "aaguid" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "foundAt" TIMESTAMP(3) NOT NULL,
    "notifiedAt" TIMESTAMP(3),
    "revokeAt" TIMESTAMP(3),
    "decidedBy" TEXT,

    CONSTRAINT "AuthenticatorRecall_pkey" PRIMARY KEY ("aaguid")
);

-- CreateIndex
CREATE INDEX "Passkey_aaguid_idx" ON "Passkey"("aaguid");

-- CreateIndex
CREATE INDEX "Passkey_revokeAt_idx" ON "Passkey"("revokeAt");
