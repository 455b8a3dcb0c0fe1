import { z } from 'zod'
import { jsonRoute } from '@/lib/actions/pipeline'
import { confirmWithNewPasskey } from '@/lib/auth/passkeys/confirm-with-new-passkey'
import { registrationResponseSchema } from '@/lib/auth/passkeys/webauthn'
import { jsonError, jsonOk } from '@/lib/web/json-route'
import { safeReturnPath } from '@/lib/web/return-path'

/**
 * Confirms presence by creating a passkey (the step-up page, when an app asks
 * for one): the answer to this browser's registration challenge from
 * /api/passkeys/register/options, for a session that may add one now.
 */
export const POST = jsonRoute(
  {
    guard: 'session-adding-passkey',
    schema: z.object({ response: registrationResponseSchema, returnTo: z.string().max(512).optional().nullable() }).strict(),
  },
  async ({ data, session, ctx }) => {
    const outcome = await confirmWithNewPasskey(data, session, ctx)
    if (!outcome.ok) return jsonError(outcome.reason, outcome.reason === 'signed_out' ? 401 : 400)
    return jsonOk({ redirectTo: safeReturnPath(data.returnTo) ?? '/account' })
  },
)
