'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { actionError, formFields, type ActionState } from '@/lib/web/action-state'
import { recordEvent } from '@/lib/audit/record'
import { requireSession } from '@/lib/auth/dal'
import { dismissSignOutOthersOffer } from '@/lib/auth/session/sign-out-offer'
import { revokeOtherSessions, revokeSession } from '@/lib/auth/session/store'
import { mayEndOtherSessions } from '@/lib/auth/session/step-up'
import { getRequestContext } from '@/lib/web/request-context'

const PAGE = '/account/sessions'

export type SessionsState = ActionState

/** Signs out one other browser (its next request finds no session); the same rule as signing out all others. */
export async function revokeSessionAction(_previous: SessionsState, form: FormData): Promise<SessionsState> {
  const fields = formFields(form, ['sessionId'])
  if (!fields) return actionError('bad_request')
  const parsed = z.object({ sessionId: z.string().min(1).max(128) }).safeParse(fields)
  if (!parsed.success) return actionError('session_not_found')
  const session = await requireSession(PAGE)
  if (parsed.data.sessionId === session.sessionId) return actionError('session_not_found')
  if (!(await mayEndOtherSessions(session))) return actionError('step_up_required')
  if (!(await revokeSession(session.user.id, parsed.data.sessionId))) return actionError('session_not_found')
  await recordEvent({
    type: 'session_revoked',
    result: 'success',
    userId: session.user.id,
    sessionId: session.sessionId,
    context: await getRequestContext(),
    detail: { revoked: parsed.data.sessionId },
  })
  // No revalidation: the row stays on screen saying it was signed out, until the next visit.
  return { status: 'success', message: 'Signed out. That browser will be asked to sign in on its next page.' }
}

/** "Sign out all other sessions": needs a recent confirmation unless this is the account's newest sign-in; keeps this browser signed in. */
export async function revokeOtherSessionsAction(_previous: SessionsState, form: FormData): Promise<SessionsState> {
  if (!formFields(form, [])) return actionError('bad_request')
  const session = await requireSession(PAGE)
  if (!(await mayEndOtherSessions(session))) return actionError('step_up_required')
  const count = await revokeOtherSessions(session.user.id, session.sessionId)
  await recordEvent({
    type: 'session_revoked',
    result: 'success',
    userId: session.user.id,
    sessionId: session.sessionId,
    context: await getRequestContext(),
    detail: { count, scope: 'others' },
  })
  revalidatePath(PAGE)
  return { status: 'success', message: count === 1 ? '1 other session was signed out.' : `${count} other sessions were signed out.` }
}

/** "Not now" on the offer to sign out other sessions after a sign-in change. */
export async function dismissSignOutOthersOfferAction(): Promise<boolean> {
  await requireSession(PAGE)
  await dismissSignOutOthersOffer()
  return true
}
