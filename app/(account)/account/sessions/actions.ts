'use server'

import { revalidatePath } from 'next/cache'
import { getTranslations } from 'next-intl/server'
import { z } from 'zod'
import { defineAction, defineCommand } from '@/lib/actions/pipeline'
import { revokeAppAccess, revokeSession, signOutOtherSessions } from '@/lib/account/sessions'
import { dismissSignOutOthersOffer } from '@/lib/auth/session/sign-out-offer'
import { actionError, type ActionState } from '@/lib/web/action-state'

const PAGE = '/account/sessions'

export type SessionsState = ActionState

/** Signs out one other browser (its next request finds no session) and the apps it signed in to; the same rule as signing out all others. */
export const revokeSessionAction = defineAction(
  {
    guard: 'newest-or-recently-verified',
    page: PAGE,
    fields: { sessionId: {} },
    schema: z.object({ sessionId: z.string().min(1).max(128) }),
    invalid: 'session_not_found',
  },
  async ({ data, session, ctx }): Promise<SessionsState> => {
    const revoked = await revokeSession(data, session, ctx)
    if (!revoked.ok) return actionError('session_not_found')
    // No revalidation: the row stays on screen saying it was signed out, until the next visit.
    const t = await getTranslations('account.sessions')
    return { status: 'success', message: t('revoked') }
  },
)

/** "Sign out all other sessions" (and the apps signed in to from them): needs a recent confirmation unless this is the account's newest sign-in; keeps this browser signed in. */
export const revokeOtherSessionsAction = defineAction(
  { guard: 'newest-or-recently-verified', page: PAGE, fields: {}, schema: z.object({}) },
  async ({ session, ctx }): Promise<SessionsState> => {
    const { signedOut } = await signOutOtherSessions(session, ctx)
    revalidatePath(PAGE)
    const t = await getTranslations('account.sessions')
    return { status: 'success', message: t('othersSignedOut', { count: signedOut }) }
  },
)

/** Removes an app's access to this account: its tokens stop working and it is told to sign the person out. */
export const revokeAppAccessAction = defineAction(
  { guard: 'session', page: PAGE, fields: { clientId: {} }, schema: z.object({ clientId: z.string().min(1).max(100) }), invalid: 'app_access_not_found' },
  async ({ data, session, ctx }): Promise<SessionsState> => {
    const revoked = await revokeAppAccess(data, session, ctx)
    if (!revoked.ok) return actionError('app_access_not_found')
    revalidatePath(PAGE)
    const t = await getTranslations('account.sessions')
    return { status: 'success', message: t('apps.removed') }
  },
)

/** "Not now" on the offer to sign out other sessions after a sign-in change. */
export const dismissSignOutOthersOfferAction = defineCommand({ guard: 'session', page: PAGE }, async ({ ctx }): Promise<boolean> => {
  dismissSignOutOthersOffer(ctx)
  return true
})
