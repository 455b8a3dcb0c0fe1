-- CreateTable
CREATE TABLE "SsfSubject" (
    "streamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "addedAt" DATETIME NOT NULL,

    PRIMARY KEY ("streamId", "userId"),
    CONSTRAINT "SsfSubject_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "SsfStream" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SsfSubject_userId_idx" ON "SsfSubject"("userId");
