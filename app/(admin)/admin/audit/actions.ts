'use server'

import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { verifyAuditLog } from '@/lib/admin/audit-verify'
import { requestTranslator } from '@/lib/i18n/reader'
import type { ActionState } from '@/lib/web/action-state'

export type VerifyState = ActionState<never> | { status: 'verified'; ok: boolean; message: string }

/**
 * "Verify the log": whether the chain (and the head anchored outside the
 * database) still holds, or which row first does not. Administrators only;
 * the check itself is in the log.
 */
export const verifyAuditLogAction = defineAction(
  { guard: 'admin', page: '/admin/audit', fields: {}, schema: z.object({}) },
  async ({ ctx }): Promise<VerifyState> => ({ status: 'verified', ...(await verifyAuditLog(ctx, await requestTranslator())) }),
)
