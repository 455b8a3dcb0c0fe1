import 'server-only'
import type { UseCaseContext } from '../use-case'
import { generateRecoveryCodes } from './codes'
import { sendAccountNotice } from './notices'

/**
 * Makes a new set of recovery codes (the old ones stop working), to show
 * once; every address of the account is told after the response. One of the
 * two things a recovery session may do.
 */
export async function renewRecoveryCodes(session: { user: { id: string } }, ctx: UseCaseContext): Promise<{ codes: string[]; createdAt: Date }> {
  const userId = session.user.id
  const now = new Date()
  const codes = await generateRecoveryCodes(userId, ctx.audit, now)
  ctx.later(() => sendAccountNotice('recovery_codes_generated', { userId, context: ctx.request, at: now }))
  return { codes, createdAt: now }
}
