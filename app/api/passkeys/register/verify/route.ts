import { z } from 'zod'
import { jsonRoute } from '@/lib/actions/pipeline'
import { finishRegistration } from '@/lib/auth/passkeys/add-passkey'
import { registrationResponseSchema } from '@/lib/auth/passkeys/webauthn'
import { jsonError, jsonOk } from '@/lib/web/json-route'

/**
 * Stores the new passkey after checking the attestation against this
 * browser's registration challenge; a recovery session that adds one
 * becomes a normal session (lib/auth/passkeys/add-passkey.ts).
 */
export const POST = jsonRoute(
  { guard: 'recovery-or-recently-verified', schema: z.object({ response: registrationResponseSchema }).strict() },
  async ({ data, session, ctx }) => {
    const outcome = await finishRegistration(data, session, ctx)
    if (!outcome.ok) return jsonError(outcome.reason, 400)
    return jsonOk({ passkey: outcome.passkey })
  },
)
