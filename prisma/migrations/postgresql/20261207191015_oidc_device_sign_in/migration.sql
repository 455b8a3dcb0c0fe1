-- AlterTable
ALTER TABLE "OidcPayload" ADD COLUMN     "userCode" TEXT;

-- AlterTable
ALTER TABLE "OidcApp" ADD COLUMN     "deviceSignIn" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "refreshOutlivesSession" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "OidcPayload_userCode_idx" ON "OidcPayload"("userCode");
