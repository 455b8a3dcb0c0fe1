import { after } from 'next/server'
import { z } from 'zod'
import { jsonRoute } from '@/lib/actions/pipeline'
import { takeCeremony } from '@/lib/auth/passkeys/challenges'
import { rememberPasskeyOnDevice } from '@/lib/auth/passkeys/device-passkeys'
import { sendPasskeyNotice } from '@/lib/auth/passkeys/notices'
import { finishPasskeyRegistration } from '@/lib/auth/passkeys/registration'
import { registrationResponseSchema } from '@/lib/auth/passkeys/webauthn'
import { createSession } from '@/lib/auth/session/start'
import { jsonError, jsonOk } from '@/lib/web/json-route'

/**
 * Stores the new passkey after checking the attestation against this
 * browser's registration challenge. A recovery session that adds one becomes
 * a normal session: the account is recovered. That session's method is
 * "recovered", not "passkey": registering proves no passkey was held before,
 * so apps get the email level until a passkey is used (lib/oidc/levels.ts).
 */
export const POST = jsonRoute(
  { guard: 'recovery-or-recently-verified', schema: z.object({ response: registrationResponseSchema }).strict() },
  async ({ data, session, context, audit, ctx }) => {
    const secret = await takeCeremony()
    if (!secret) return jsonError('passkey_expired', 400)
    const userId = session.user.id
    const result = await finishPasskeyRegistration({ userId, browserSecret: secret, response: data.response, context, audit, policy: session.policy })
    if (!result.ok) {
      await audit({ type: 'passkey_added', result: 'failure', reason: result.reason })
      return jsonError(result.reason, 400)
    }
    const { passkey } = result
    after(() => sendPasskeyNotice('added', { userId, passkeyName: passkey.name, context }))
    if (session.method === 'recovery') {
      await createSession(session.user.id, 'recovered', ctx, { newSignIn: false })
      await audit({ type: 'account_recovered', result: 'success', sessionId: null, method: 'recovered', detail: { passkeyId: passkey.id } })
    }
    await rememberPasskeyOnDevice(passkey.credentialId)
    return jsonOk({ passkey: { id: passkey.id, name: passkey.name, providerName: passkey.providerName, synced: passkey.synced } })
  },
)
