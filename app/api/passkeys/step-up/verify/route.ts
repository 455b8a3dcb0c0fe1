import { z } from 'zod'
import { jsonRoute } from '@/lib/actions/pipeline'
import { verifyPasskeyAuthentication } from '@/lib/auth/passkeys/authentication'
import { takeCeremony } from '@/lib/auth/passkeys/challenges'
import { authenticationResponseSchema } from '@/lib/auth/passkeys/webauthn'
import { confirmPresence } from '@/lib/auth/session/step-up'
import { jsonError, jsonOk } from '@/lib/web/json-route'
import { safeReturnPath } from '@/lib/web/return-path'

/** Confirms presence with the user's own passkey; the session counts as freshly verified for 10 minutes. */
export const POST = jsonRoute(
  { guard: 'session', schema: z.object({ response: authenticationResponseSchema, returnTo: z.string().max(512).optional().nullable() }).strict() },
  async ({ data, session, context, audit, ctx }) => {
    const secret = await takeCeremony()
    if (!secret) return jsonError('passkey_expired', 400)
    const userId = session.user.id
    const result = await verifyPasskeyAuthentication({ browserSecret: secret, response: data.response, purpose: 'step_up', userId, context })
    if (!result.ok) {
      await audit({ type: 'step_up', result: 'failure', method: 'passkey', reason: result.reason })
      return jsonError(result.reason, 400)
    }
    const sessionId = await confirmPresence(session, 'passkey', ctx, result.passkey.deviceBound)
    if (!sessionId) return jsonError('signed_out', 401)
    await audit({ type: 'step_up', result: 'success', method: 'passkey', sessionId })
    return jsonOk({ redirectTo: safeReturnPath(data.returnTo) ?? '/account' })
  },
)
