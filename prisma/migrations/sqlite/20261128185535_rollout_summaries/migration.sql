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

    PRIMARY KEY ("day", "groupId", "method", "result", "reason", "heldPasskey", "durationBucket")
);

-- CreateTable
CREATE TABLE "FallbackDay" (
    "day" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("day", "userId"),
    CONSTRAINT "FallbackDay_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RolloutSnapshot" (
    "groupId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "takenAt" DATETIME NOT NULL,

    PRIMARY KEY ("groupId", "kind", "key")
);

-- CreateTable
CREATE TABLE "RollupMark" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "FallbackDay_userId_idx" ON "FallbackDay"("userId");

-- The rollup starts from the beginning of the sealed log: the next sealing run catches up.
INSERT INTO "RollupMark" ("name", "seq") VALUES ('sign_in', 0);
