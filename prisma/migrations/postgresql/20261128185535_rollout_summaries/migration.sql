-- CreateTable
CREATE TABLE "SignInDay" (
    "day" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "heldPasskey" BOOLEAN NOT NULL,
    "durationBucket" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "SignInDay_pkey" PRIMARY KEY ("day","groupId","method","result","reason","heldPasskey","durationBucket")
);

-- CreateTable
CREATE TABLE "FallbackDay" (
    "day" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "FallbackDay_pkey" PRIMARY KEY ("day","userId")
);

-- CreateTable
CREATE TABLE "RolloutSnapshot" (
    "groupId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RolloutSnapshot_pkey" PRIMARY KEY ("groupId","kind","key")
);

-- CreateTable
CREATE TABLE "RollupMark" (
    "name" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,

    CONSTRAINT "RollupMark_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "FallbackDay_userId_idx" ON "FallbackDay"("userId");

-- AddForeignKey
ALTER TABLE "FallbackDay" ADD CONSTRAINT "FallbackDay_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The rollup starts from the beginning of the sealed log: the next sealing run catches up.
INSERT INTO "RollupMark" ("name", "seq") VALUES ('sign_in', 0);
