import 'server-only'
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server'
import type { UseCaseContext } from '../../use-case'
import type { CurrentSession } from '../dal'
import { createSession } from '../session/start'
import { bindCeremony, takeCeremony, type PasskeyFailure } from './challenges'
import { rememberPasskeyOnDevice } from './device-passkeys'
import { sendPasskeyNotice } from './notices'
import { finishPasskeyRegistration, startPasskeyRegistration, type RegisteredPasskey } from './registration'
import type { RegistrationResponse } from './webauthn'

type Adding = Pick<CurrentSession, 'sessionId' | 'method' | 'policy'> & { user: Pick<CurrentSession['user'], 'id' | 'email' | 'displayName'> }

/** Starts adding a passkey to the signed-in account: the challenge is sealed for the account and bound to this browser. */
export async function registrationOptions(session: Adding, ctx: Pick<UseCaseContext, 'cookies'>): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { options, browserSecret } = await startPasskeyRegistration(session.user, new Date(), session.policy)
  bindCeremony(ctx.cookies, browserSecret)
  return options
}

export type AddPasskeyOutcome = { ok: true; passkey: Omit<RegisteredPasskey, 'credentialId'> } | { ok: false; reason: PasskeyFailure }

/**
 * Stores the new passkey after checking the attestation against this
 * browser's registration challenge, and tells the person. A recovery session
 * that adds one becomes a normal session: the account is recovered. That
 * session's method is "recovered", not "passkey": registering proves no
 * passkey was held before, so apps get the email level until a passkey is
 * used (lib/oidc/levels.ts).
 */
export async function finishRegistration(input: { response: RegistrationResponse }, session: Adding, ctx: UseCaseContext): Promise<AddPasskeyOutcome> {
  const { audit, request: context } = ctx
  const secret = takeCeremony(ctx.cookies)
  if (!secret) return { ok: false, reason: 'passkey_expired' }
  const userId = session.user.id
  const result = await finishPasskeyRegistration({ userId, browserSecret: secret, response: input.response, context, audit, policy: session.policy })
  if (!result.ok) {
    await audit({ type: 'passkey_added', result: 'failure', reason: result.reason })
    return result
  }
  const { passkey } = result
  ctx.later(() => sendPasskeyNotice('added', { userId, passkeyName: passkey.name, context }))
  if (session.method === 'recovery') {
    await createSession(userId, 'recovered', ctx, { newSignIn: false })
    await audit({ type: 'account_recovered', result: 'success', sessionId: null, method: 'recovered', detail: { passkeyId: passkey.id } })
  }
  rememberPasskeyOnDevice(ctx.cookies, passkey.credentialId)
  return {
    ok: true,
    passkey: { id: passkey.id, name: passkey.name, providerName: passkey.providerName, synced: passkey.synced, verifiedModel: passkey.verifiedModel },
  }
}
