-- CreateIndex
CREATE INDEX "MailboxMessage_to_createdAt_idx" ON "MailboxMessage"("to", "createdAt");
