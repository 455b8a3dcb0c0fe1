import { cookies } from 'next/headers'
import { after, type NextRequest } from 'next/server'
import { z } from 'zod'
import { recordEvent } from '@/lib/audit/record'
import { createSession } from '@/lib/auth/session/start'
import { getRecoveryOrCurrentSession } from '@/lib/auth/dal'
import { devicePasskeysCookie, rememberDevicePasskey } from '@/lib/auth/passkeys/device-passkeys'
import { sendPasskeyNotice } from '@/lib/auth/passkeys/notices'
import { finishPasskeyRegistration } from '@/lib/auth/passkeys/ceremonies'
import { isRecentlyVerified } from '@/lib/auth/session/step-up'
import { ceremonyCookie, registrationResponseSchema } from '@/lib/auth/passkeys/webauthn'
import { isSameOrigin, jsonError, jsonOk, readJson } from '@/lib/web/json-route'
import { getRequestContext } from '@/lib/web/request-context'

const bodySchema = z.object({ response: registrationResponseSchema }).strict()

/**
 * Stores the new passkey after checking the attestation against this
 * browser's registration challenge. A recovery session that adds one becomes
 * a normal session: the account is recovered.
 */
export async function POST(request: NextRequest) {
  if (!isSameOrigin(request)) return jsonError('bad_request', 403)
  const body = await readJson(request, bodySchema)
  if (!body.ok) return body.response
  const session = await getRecoveryOrCurrentSession()
  if (!session) return jsonError('signed_out', 401)
  if (!isRecentlyVerified(session)) return jsonError('step_up_required', 403)
  const jar = await cookies()
  const secret = jar.get(ceremonyCookie().name)?.value
  if (!secret || secret.length > 128) return jsonError('passkey_expired', 400)
  jar.delete(ceremonyCookie().name)
  const context = await getRequestContext()
  const userId = session.user.id

  const result = await finishPasskeyRegistration({ userId, browserSecret: secret, response: body.data.response, context })
  if (!result.ok) {
    await recordEvent({ type: 'passkey_added', result: 'failure', userId, reason: result.reason, sessionId: session.sessionId, context })
    return jsonError(result.reason, 400)
  }
  const { passkey } = result
  await recordEvent({
    type: 'passkey_added',
    result: 'success',
    userId,
    sessionId: session.sessionId,
    context,
    detail: { passkeyId: passkey.id, name: passkey.name, synced: passkey.synced },
  })
  after(() => sendPasskeyNotice('added', { userId, passkeyName: passkey.name, context }))
  if (session.method === 'recovery') {
    await createSession(session.user, 'passkey', { newSignIn: false })
    await recordEvent({ type: 'account_recovered', result: 'success', userId, method: 'passkey', context, detail: { passkeyId: passkey.id } })
  }
  const device = devicePasskeysCookie()
  jar.set(device.name, rememberDevicePasskey(jar.get(device.name)?.value, passkey.credentialId), device.options)
  return jsonOk({ passkey: { id: passkey.id, name: passkey.name, providerName: passkey.providerName, synced: passkey.synced } })
}
