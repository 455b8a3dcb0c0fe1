'use server'

import { redirect } from 'next/navigation'
import { z } from 'zod'
import { signOut } from '@/lib/account/sign-out'
import { defineAction, defineCommand } from '@/lib/actions/pipeline'
import { getCurrentSession } from '@/lib/auth/dal'
import { stopRecoveryFromSession } from '@/lib/recovery/waiting-recovery'
import type { ActionState } from '@/lib/web/action-state'

/**
 * Ends this browser's session, if any, and the apps signed in to from it, and
 * returns to sign-in, which then says "You are signed out". Open to any
 * browser: one whose session already ended is signed out all the same.
 */
export const signOutAction = defineCommand({ guard: 'public' }, async ({ ctx }): Promise<void> => {
  await signOut(await getCurrentSession(), ctx)
  redirect('/sign-in?signedOut=1')
})

export type StopWaitingRecoveryState = ActionState | { status: 'stopped' }

/**
 * "Stop this recovery" on the banner of every account page: any signed-in
 * session of the account stops a waiting recovery by email at once (no fresh
 * confirmation: stopping only protects the account).
 */
export const stopWaitingRecoveryAction = defineAction(
  { guard: 'session', fields: {}, schema: z.object({}) },
  async ({ session, ctx }): Promise<StopWaitingRecoveryState> => {
    // No revalidation: the banner stays to say it is stopped; the next page has none.
    await stopRecoveryFromSession(session, ctx)
    return { status: 'stopped' }
  },
)
