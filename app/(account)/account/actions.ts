'use server'

import { recordEvent } from '@/lib/audit/record'
import { signOut } from '@/lib/auth/session/auth-js'
import { getCurrentSession } from '@/lib/auth/dal'
import { getRequestContext } from '@/lib/web/request-context'

/** Ends this browser's session (its row is deleted by the session adapter) and returns to sign-in. */
export async function signOutAction(): Promise<void> {
  const current = await getCurrentSession()
  if (current) {
    await recordEvent({
      type: 'sign_out',
      result: 'success',
      userId: current.user.id,
      sessionId: current.sessionId,
      context: await getRequestContext(),
    })
  }
  await signOut({ redirectTo: '/sign-in' })
}
