'use server'

import { redirect } from 'next/navigation'
import { signOut } from '@/lib/account/sign-out'
import { defineCommand } from '@/lib/actions/pipeline'
import { getCurrentSession } from '@/lib/auth/dal'

/**
 * Ends this browser's session, if any, and the apps signed in to from it, and
 * returns to sign-in, which then says "You are signed out". Open to any
 * browser: one whose session already ended is signed out all the same.
 */
export const signOutAction = defineCommand({ guard: 'public' }, async ({ ctx }): Promise<void> => {
  await signOut(await getCurrentSession(), ctx)
  redirect('/sign-in?signedOut=1')
})
