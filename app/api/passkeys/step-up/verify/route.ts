import { z } from 'zod'
import { jsonRoute } from '@/lib/actions/pipeline'
import { stepUpWithPasskey } from '@/lib/auth/passkeys/step-up'
import { authenticationResponseSchema } from '@/lib/auth/passkeys/webauthn'
import { jsonError, jsonOk } from '@/lib/web/json-route'
import { safeReturnPath } from '@/lib/web/return-path'

/** Confirms presence with the user's own passkey; the session counts as freshly verified for 10 minutes. */
export const POST = jsonRoute(
  { guard: 'session', schema: z.object({ response: authenticationResponseSchema, returnTo: z.string().max(512).optional().nullable() }).strict() },
  async ({ data, session, ctx }) => {
    const outcome = await stepUpWithPasskey(data, session, ctx)
    if (!outcome.ok) return jsonError(outcome.reason, outcome.reason === 'signed_out' ? 401 : 400)
    return jsonOk({ redirectTo: safeReturnPath(data.returnTo) ?? '/account' })
  },
)
