'use server'

import { redirect } from 'next/navigation'
import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { acceptInvitation } from '@/lib/admin/invitations'
import { createSession } from '@/lib/auth/session/start'
import { actionError, type ActionState } from '@/lib/web/action-state'

export type AcceptState = ActionState

/**
 * The invitation's button (opening the link changed nothing): accepts it
 * once, signs this browser in, and goes straight to creating a passkey.
 * Open to any browser: whoever holds the emailed link is the person invited.
 */
export const acceptInvitationAction = defineAction(
  {
    guard: 'public',
    fields: { token: {} },
    schema: z.object({ token: z.string().max(128) }),
    limit: [{ policy: 'verify-per-ip' }],
    event: { type: 'invitation_accepted' },
  },
  async ({ data, audit, ctx }): Promise<AcceptState> => {
    const result = await acceptInvitation(data.token, audit)
    if (!result.ok) {
      await audit({ type: 'invitation_accepted', result: 'failure', reason: `invitation_${result.state}` })
      return actionError(`invitation_${result.state}`)
    }
    await createSession(result.userId, 'invitation', ctx, { newSignIn: false })
    redirect('/account/welcome')
  },
)
