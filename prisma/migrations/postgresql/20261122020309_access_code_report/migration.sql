-- AlterTable
ALTER TABLE "AccessCode" ADD COLUMN     "reportTokenHash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "AccessCode_reportTokenHash_key" ON "AccessCode"("reportTokenHash");
