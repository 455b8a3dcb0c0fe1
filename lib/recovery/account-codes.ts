import 'server-only'
import type { UseCaseContext } from '../use-case'
import { generateRecoveryCodes, recoveryCodeStatus } from './codes'
import { sendAccountNotice } from './notices'

/**
 * Makes a new set of recovery codes (the old ones stop working), to show
 * once; every address of the account is told after the response. One of the
 * two things a recovery session may do. `replaced` says whether an earlier
 * set existed, so the page says "your earlier codes no longer work" only then.
 */
export async function renewRecoveryCodes(
  session: { user: { id: string } },
  ctx: UseCaseContext,
): Promise<{ codes: string[]; createdAt: Date; replaced: boolean }> {
  const userId = session.user.id
  const now = new Date()
  const { total } = await recoveryCodeStatus(userId)
  const codes = await generateRecoveryCodes(userId, ctx.audit, now)
  ctx.later(() => sendAccountNotice('recovery_codes_generated', { userId, context: ctx.request, at: now }))
  return { codes, createdAt: now, replaced: total > 0 }
}
