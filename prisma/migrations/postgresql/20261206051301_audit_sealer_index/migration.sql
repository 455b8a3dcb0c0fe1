-- CreateIndex
CREATE INDEX "AuditEvent_refusedAt_seq_createdAt_id_idx" ON "AuditEvent"("refusedAt", "seq", "createdAt", "id");
