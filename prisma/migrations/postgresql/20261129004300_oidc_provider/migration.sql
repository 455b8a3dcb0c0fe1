-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "passkeyDeviceBound" BOOLEAN;

-- CreateTable
CREATE TABLE "OidcPayload" (
    "model" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "grantId" TEXT,
    "uid" TEXT,
    "accountId" TEXT,
    "clientId" TEXT,
    "expiresAt" TIMESTAMP(3),
    "consumedAt" TIMESTAMP(3),

    CONSTRAINT "OidcPayload_pkey" PRIMARY KEY ("model","id")
);

-- CreateTable
CREATE TABLE "OidcApp" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "disabledAt" TIMESTAMP(3),

    CONSTRAINT "OidcApp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OidcSigningKey" (
    "kid" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "sealedJwk" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "OidcSigningKey_pkey" PRIMARY KEY ("kid")
);

-- CreateIndex
CREATE INDEX "OidcPayload_grantId_idx" ON "OidcPayload"("grantId");

-- CreateIndex
CREATE INDEX "OidcPayload_model_uid_idx" ON "OidcPayload"("model", "uid");

-- CreateIndex
CREATE INDEX "OidcPayload_accountId_model_idx" ON "OidcPayload"("accountId", "model");

-- CreateIndex
CREATE INDEX "OidcPayload_clientId_model_idx" ON "OidcPayload"("clientId", "model");

-- CreateIndex
CREATE INDEX "OidcPayload_expiresAt_idx" ON "OidcPayload"("expiresAt");

-- CreateIndex
CREATE INDEX "OidcSigningKey_createdAt_idx" ON "OidcSigningKey"("createdAt");
