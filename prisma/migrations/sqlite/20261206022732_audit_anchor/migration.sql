-- CreateTable
CREATE TABLE "AuditAnchor" (
    "kind" TEXT NOT NULL PRIMARY KEY,
    "lastSeq" INTEGER NOT NULL,
    "head" TEXT NOT NULL,
    "sealedAt" DATETIME NOT NULL,
    "anchoredAt" DATETIME NOT NULL
);
