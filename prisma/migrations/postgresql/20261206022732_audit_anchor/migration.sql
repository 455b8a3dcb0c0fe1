-- CreateTable
CREATE TABLE "AuditAnchor" (
    "kind" TEXT NOT NULL,
    "lastSeq" INTEGER NOT NULL,
    "head" TEXT NOT NULL,
    "sealedAt" TIMESTAMP(3) NOT NULL,
    "anchoredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuditAnchor_pkey" PRIMARY KEY ("kind")
);
