'use server'

import { getFormatter, getTranslations } from 'next-intl/server'
import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { VERIFICATION_CHECKS, type VerificationCheck } from '@/lib/recovery/access-codes'
import { approveAccessCodeRequest, issueAccessCode } from '@/lib/recovery/helpdesk'
import { actionError, type ActionState } from '@/lib/web/action-state'

const PAGE = '/admin/recovery'

type Field = 'verification' | 'checks'
/** An issued code comes with what to tell the person (`message`: whom, until when on the agent's clock, where to enter it). */
export type AccessCodeState =
  | ActionState<Field>
  | { status: 'issued'; code: string; expiresAt: string; forEmail: string; message: string }
  | { status: 'awaiting_approval'; forEmail: string; message: string }

/** What the agent reads out with the code: for whom, and until when, in the agent's language and zone. */
async function issued(code: { code: string; expiresAt: Date; forEmail: string }): Promise<AccessCodeState> {
  const [t, format] = await Promise.all([getTranslations('admin.recovery.done'), getFormatter()])
  return {
    status: 'issued',
    code: code.code,
    expiresAt: code.expiresAt.toISOString(),
    forEmail: code.forEmail,
    message: t('issued', { email: code.forEmail, until: format.dateTime(code.expiresAt, 'time') }),
  }
}

const CHECK_IDS = Object.keys(VERIFICATION_CHECKS) as [VerificationCheck, ...VerificationCheck[]]

const issueSchema = z.object({
  userId: z.string({ error: 'bad_request' }).min(1, 'bad_request').max(64, 'bad_request'),
  verification: z
    .string({ error: 'verification_text' })
    // Kept as typed apart from control characters; it is shown escaped and stored in the audit log.
    .transform((value) => value.replace(/[\p{Cc}\p{Cs}\u202a-\u202e\u2066-\u2069]/gu, ' ').trim())
    .pipe(z.string().min(10, 'verification_text').max(1000, 'verification_text')),
  checks: z
    .array(z.enum(CHECK_IDS, { error: 'verification_checks' }), { error: 'verification_checks' })
    .min(1, 'verification_checks')
    .max(CHECK_IDS.length),
  validHours: z.enum(['1', '4', '8', '24'], { error: 'bad_request' }).transform(Number),
})

/** Issues an access code for someone who lost every way in (or asks a second agent to approve one for an agent or admin). */
export const issueAccessCodeAction = defineAction(
  {
    guard: 'agent',
    page: PAGE,
    fields: { userId: {}, verification: { error: 'verification_text', echo: 1000 }, checks: { error: 'verification_checks', many: true }, validHours: {} },
    schema: issueSchema,
  },
  async ({ data, typed, session, ctx }): Promise<AccessCodeState> => {
    const outcome = await issueAccessCode(data, session, ctx)
    if (!outcome.ok) return actionError(outcome.reason, { values: { verification: typed.verification } })
    if (outcome.status === 'awaiting_approval') {
      const t = await getTranslations('admin.recovery.done')
      return { status: 'awaiting_approval', forEmail: outcome.forEmail, message: t('awaiting', { email: outcome.forEmail }) }
    }
    return issued(outcome)
  },
)

/** A second agent approves an agent's or admin's access code; it is shown to them once, to read out. */
export const approveAccessCodeAction = defineAction(
  { guard: 'agent', page: PAGE, fields: { requestId: {} }, schema: z.object({ requestId: z.string().min(1).max(64) }), invalid: 'access_code_gone' },
  async ({ data, session, ctx }): Promise<AccessCodeState> => {
    const approved = await approveAccessCodeRequest(data, session, ctx)
    if (!approved.ok) return actionError(approved.reason)
    // No revalidation: the approved request stays on screen with its code, which is shown only in this answer.
    return issued(approved)
  },
)
