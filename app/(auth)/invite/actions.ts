'use server'

import { redirect } from 'next/navigation'
import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { signInWithInvitation } from '@/lib/auth/invitation-sign-in'
import { actionError, type ActionState } from '@/lib/web/action-state'

export type AcceptState = ActionState

/**
 * The invitation's button: accepts it once, signs this browser in, and goes
 * straight to creating a passkey. Open to any browser: whoever holds the
 * emailed link is the person invited.
 */
export const acceptInvitationAction = defineAction(
  {
    guard: 'public',
    fields: { token: {} },
    schema: z.object({ token: z.string().max(128) }),
    limit: [{ policy: 'verify-per-ip' }],
    event: { type: 'invitation_accepted' },
  },
  async ({ data, ctx }): Promise<AcceptState> => {
    const outcome = await signInWithInvitation(data, ctx)
    if (!outcome.ok) return actionError(outcome.reason)
    redirect('/account/welcome')
  },
)
