import { cookies } from 'next/headers'
import { NextResponse, type NextRequest } from 'next/server'
import { createSession } from '@/lib/auth/session/start'
import { claimApprovedSignIn, findPendingSignIn } from '@/lib/auth/email-code/challenge'
import { signInRequestCookie } from '@/lib/auth/email-code/request-cookie'
import { env } from '@/lib/env'

export type SignInStatus = { state: 'waiting' } | { state: 'gone' } | { state: 'signed-in'; redirectTo: string }

const noStore = { 'Cache-Control': 'no-store' }

/**
 * Polled by the check-email screen: once the emailed link was approved on
 * another device, this browser (identified by its sign-in cookie) is signed in.
 */
export async function POST(request: NextRequest): Promise<NextResponse<SignInStatus | { error: string }>> {
  // Same-origin only; the cookie is SameSite=Lax as well.
  if (request.headers.get('origin') !== env().appUrl) return NextResponse.json({ error: 'forbidden' }, { status: 403, headers: noStore })
  const jar = await cookies()
  const secret = jar.get(signInRequestCookie().name)?.value
  if (!secret || secret.length > 128) return NextResponse.json({ state: 'gone' }, { headers: noStore })
  const claimed = await claimApprovedSignIn(secret)
  if (claimed) {
    await createSession(claimed.user, 'magic_link')
    jar.delete(signInRequestCookie().name)
    return NextResponse.json({ state: 'signed-in', redirectTo: claimed.returnTo ?? '/account' }, { headers: noStore })
  }
  const pending = await findPendingSignIn(secret)
  const waiting = pending && (pending.status === 'pending' || pending.status === 'approved') && pending.expiresAt > new Date()
  return NextResponse.json({ state: waiting ? 'waiting' : 'gone' }, { headers: noStore })
}
