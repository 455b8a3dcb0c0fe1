import { cookies } from 'next/headers'
import { after, type NextRequest } from 'next/server'
import { z } from 'zod'
import { recordEvent } from '@/lib/audit/record'
import { createSession } from '@/lib/auth/session/start'
import { getCurrentSession } from '@/lib/auth/dal'
import { devicePasskeysCookie, rememberDevicePasskey } from '@/lib/auth/passkeys/device-passkeys'
import { sendPasskeyNotice } from '@/lib/auth/passkeys/notices'
import { verifyPasskeyAuthentication } from '@/lib/auth/passkeys/ceremonies'
import { safeReturnPath } from '@/lib/web/return-path'
import { authenticationResponseSchema, ceremonyCookie } from '@/lib/auth/passkeys/webauthn'
import { isSameOrigin, jsonError, jsonOk, readJson } from '@/lib/web/json-route'
import { ipKey, limitReached } from '@/lib/rate-limit'
import { getRequestContext } from '@/lib/web/request-context'

const bodySchema = z.object({ response: authenticationResponseSchema, returnTo: z.string().max(512).optional().nullable() }).strict()

/**
 * Finishes a passkey sign-in. Each attempt needs a challenge from the options
 * endpoint and uses it up; failures are counted per network, and past the
 * limit the options endpoint gives no more challenges.
 */
export async function POST(request: NextRequest) {
  if (!isSameOrigin(request)) return jsonError('bad_request', 403)
  const body = await readJson(request, bodySchema)
  if (!body.ok) return body.response
  if (await getCurrentSession()) return jsonOk({ redirectTo: '/account' })
  const jar = await cookies()
  const secret = jar.get(ceremonyCookie().name)?.value
  if (!secret || secret.length > 128) return jsonError('passkey_expired', 400)
  jar.delete(ceremonyCookie().name)
  const context = await getRequestContext()

  const result = await verifyPasskeyAuthentication({ browserSecret: secret, response: body.data.response, purpose: 'sign_in', context })
  if (!result.ok) {
    await recordEvent({ type: 'sign_in', result: 'failure', userId: result.userId, method: 'passkey', reason: result.reason, context })
    await limitReached('passkeyFailuresPerIp', ipKey(context.ipAddress))
    if (result.reason === 'passkey_clone' && result.userId && result.passkeyId) {
      const { userId, passkeyId } = result
      await recordEvent({ type: 'passkey_clone_suspected', result: 'failure', userId, method: 'passkey', context, detail: { passkeyId } })
      after(() => sendPasskeyNotice('clone_suspected', { userId, passkeyId, context }))
    }
    // The credential ID lets the page tell the browser to forget a passkey we no longer know (Signal API).
    return jsonError(result.reason, 400, result.reason === 'passkey_unknown' ? { unknownCredentialId: result.credentialId } : {})
  }

  await createSession({ id: result.passkey.userId }, 'passkey')
  const device = devicePasskeysCookie()
  jar.set(device.name, rememberDevicePasskey(jar.get(device.name)?.value, result.passkey.credentialId), device.options)
  return jsonOk({ redirectTo: safeReturnPath(body.data.returnTo) ?? '/account' })
}
