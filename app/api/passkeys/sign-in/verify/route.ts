import { z } from 'zod'
import { jsonRoute } from '@/lib/actions/pipeline'
import { signInWithPasskey } from '@/lib/auth/passkeys/sign-in'
import { authenticationResponseSchema } from '@/lib/auth/passkeys/webauthn'
import { jsonError, jsonOk } from '@/lib/web/json-route'
import { safeReturnPath } from '@/lib/web/return-path'

/**
 * Finishes a passkey sign-in. Each attempt needs a challenge from the options
 * endpoint and uses it up; failures are counted per network, and past the
 * limit the options endpoint gives no more challenges. A browser already
 * signed in is sent to its account.
 */
export const POST = jsonRoute(
  {
    guard: 'anonymous',
    schema: z.object({ response: authenticationResponseSchema, returnTo: z.string().max(512).optional().nullable() }).strict(),
  },
  async ({ data, ctx }) => {
    const outcome = await signInWithPasskey(data, ctx)
    if (!outcome.ok) return jsonError(outcome.reason, 400, outcome.unknownCredentialId ? { unknownCredentialId: outcome.unknownCredentialId } : {})
    return jsonOk({ redirectTo: safeReturnPath(data.returnTo) ?? '/account' })
  },
)
