import 'server-only'
import { acceptInvitation } from '../admin/invitations'
import type { UseCaseContext } from '../use-case'
import { createSession } from './session/start'

export type InvitationSignInOutcome =
  { ok: true } | { ok: false; reason: 'invitation_used' | 'invitation_revoked' | 'invitation_expired' | 'invitation_invalid' }

/**
 * The invitation's button (opening the link changed nothing): accepts it
 * once and signs this browser in, as the account's first sign-in (no
 * new-sign-in notice). Whoever holds the emailed link is the person invited.
 */
export async function signInWithInvitation(input: { token: string }, ctx: UseCaseContext): Promise<InvitationSignInOutcome> {
  const result = await acceptInvitation(input.token, ctx.audit)
  if (!result.ok) {
    const reason = `invitation_${result.state}` as const
    await ctx.audit({ type: 'invitation_accepted', result: 'failure', reason })
    return { ok: false, reason }
  }
  await createSession(result.userId, 'invitation', ctx, { newSignIn: false })
  return { ok: true }
}
