'use server'

import { defineCommand } from '@/lib/actions/pipeline'
import { getCurrentSession } from '@/lib/auth/dal'
import { signOut } from '@/lib/auth/session/auth-js'
import { signOutOfBrowserApps } from '@/lib/oidc/app-sessions'
import { browserAppSession } from '@/lib/oidc/browser-session'

/**
 * Ends this browser's session, if any (its row is deleted by the session
 * adapter), and the apps signed in to from it, and returns to sign-in. Open to any browser: one whose session
 * already ended is signed out all the same.
 */
export const signOutAction = defineCommand({ guard: 'public' }, async ({ audit }): Promise<void> => {
  const current = await getCurrentSession()
  if (current) {
    await signOutOfBrowserApps(current.user.id, await browserAppSession())
    await audit({ type: 'sign_out', result: 'success', userId: current.user.id, sessionId: current.sessionId })
  }
  await signOut({ redirectTo: '/sign-in' })
})
