import { accountOf } from '@/lib/auth/session/issue'
import { cookies } from 'next/headers'
import { jsonRoute } from '@/lib/actions/pipeline'
import { claimApprovedSignIn, findPendingSignIn } from '@/lib/auth/email-code/pending-request'
import { signInRequestCookie } from '@/lib/auth/email-code/request-cookie'
import { createSession } from '@/lib/auth/session/start'
import { clearedCookie } from '@/lib/web/cookies'
import { jsonOk } from '@/lib/web/json-route'

export type SignInStatus = { state: 'waiting' } | { state: 'gone' } | { state: 'signed-in'; redirectTo: string }

/**
 * Polled by the check-email screen (same origin only; the cookie is SameSite=Lax
 * as well): once the emailed link was approved on another device, this
 * browser, identified by its sign-in cookie, is signed in. It reads no body.
 */
export const POST = jsonRoute({ guard: 'public', schema: null }, async ({ ctx }) => {
  const jar = await cookies()
  const secret = jar.get(signInRequestCookie().name)?.value
  if (!secret || secret.length > 128) return jsonOk<SignInStatus>({ state: 'gone' })
  const claimed = await claimApprovedSignIn(secret)
  if (claimed) {
    await createSession(accountOf(claimed.user), 'magic_link', ctx, { startedAt: claimed.requestedAt })
    jar.set(clearedCookie(signInRequestCookie()))
    return jsonOk<SignInStatus>({ state: 'signed-in', redirectTo: claimed.returnTo ?? '/account' })
  }
  const pending = await findPendingSignIn(secret)
  const waiting = pending && (pending.status === 'pending' || pending.status === 'approved') && pending.expiresAt > new Date()
  return jsonOk<SignInStatus>({ state: waiting ? 'waiting' : 'gone' })
})
