-- CreateTable
CREATE TABLE "SsfSubject" (
    "streamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SsfSubject_pkey" PRIMARY KEY ("streamId","userId")
);

-- CreateIndex
CREATE INDEX "SsfSubject_userId_idx" ON "SsfSubject"("userId");

-- AddForeignKey
ALTER TABLE "SsfSubject" ADD CONSTRAINT "SsfSubject_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "SsfStream"("id") ON DELETE CASCADE ON UPDATE CASCADE;
