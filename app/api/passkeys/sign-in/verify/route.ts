import { after } from 'next/server'
import { z } from 'zod'
import { jsonRoute } from '@/lib/actions/pipeline'
import { sendBreakGlassNotice } from '@/lib/admin/break-glass'
import { verifyPasskeyAuthentication } from '@/lib/auth/passkeys/authentication'
import { takeCeremony } from '@/lib/auth/passkeys/challenges'
import { rememberPasskeyOnDevice } from '@/lib/auth/passkeys/device-passkeys'
import { sendPasskeyNotice } from '@/lib/auth/passkeys/notices'
import { authenticationResponseSchema } from '@/lib/auth/passkeys/webauthn'
import { createSession } from '@/lib/auth/session/start'
import { BREAK_GLASS_GROUP } from '@/lib/policy/presets'
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
  async ({ data, context, audit, count, ctx }) => {
    const secret = await takeCeremony()
    if (!secret) return jsonError('passkey_expired', 400)
    const result = await verifyPasskeyAuthentication({ browserSecret: secret, response: data.response, purpose: 'sign_in', context })
    if (!result.ok) {
      await audit({ type: 'sign_in', result: 'failure', userId: result.userId, method: 'passkey', reason: result.reason })
      await count('passkey-failures-per-ip')
      if (result.reason === 'passkey_clone' && result.userId && result.passkeyId) {
        const { userId, passkeyId } = result
        await audit({ type: 'passkey_clone_suspected', result: 'failure', userId, method: 'passkey', detail: { passkeyId } })
        after(() => sendPasskeyNotice('clone_suspected', { userId, passkeyId, context }))
      }
      // The credential ID lets the page tell the browser to forget a passkey we no longer know (Signal API).
      return jsonError(result.reason, 400, result.reason === 'passkey_unknown' ? { unknownCredentialId: result.credentialId } : {})
    }
    const { sessionId } = await createSession(result.passkey.userId, 'passkey', ctx, {
      startedAt: result.passkey.challengedAt,
      passkeyDeviceBound: result.passkey.deviceBound,
      noticeRecipient: result.passkey.noticeRecipient,
    })
    await rememberPasskeyOnDevice(result.passkey.credentialId)
    if (result.passkey.groupId === BREAK_GLASS_GROUP) {
      // The emergency account: flagged in the history and announced to every other administrator.
      const userId = result.passkey.userId
      await audit({ type: 'break_glass_sign_in', result: 'success', userId, sessionId, method: 'passkey' })
      after(() => sendBreakGlassNotice({ userId, context }))
    }
    return jsonOk({ redirectTo: safeReturnPath(data.returnTo) ?? '/account' })
  },
)
