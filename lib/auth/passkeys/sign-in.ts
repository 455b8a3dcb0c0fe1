import 'server-only'
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server'
import { sendBreakGlassNotice } from '../../admin/break-glass'
import { countAttempt } from '../../limits/policies'
import { BREAK_GLASS_GROUP } from '../../policy/presets'
import type { UseCaseContext } from '../../use-case'
import { createSession } from '../session/start'
import { startPasskeyAuthentication, verifyPasskeyAuthentication } from './authentication'
import { bindCeremony, takeCeremony, type PasskeyFailure } from './challenges'
import { devicePasskeysCookie, passkeyNudgeCookie, recordNudgeOffer, rememberPasskeySignIn } from './device-passkeys'
import { sendPasskeyNotice } from './notices'
import type { AuthenticationResponse } from './webauthn'

/**
 * Starts a passkey sign-in (autofill or the button): a fresh challenge, sealed
 * in this browser's ceremony cookie, for any discoverable passkey. It reads
 * nothing about any account, so the answer is the same for everyone (ADR 2).
 */
export async function signInOptions(ctx: Pick<UseCaseContext, 'cookies'>): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { options, browserSecret } = await startPasskeyAuthentication({ purpose: 'sign_in' })
  bindCeremony(ctx.cookies, browserSecret)
  return options
}

export type PasskeySignInOutcome =
  | { ok: true; userId: string; sessionId: string }
  /** `unknownCredentialId`: a passkey we no longer hold, which the page tells the browser to forget (Signal API). */
  | { ok: false; reason: PasskeyFailure; unknownCredentialId?: string }

/**
 * Finishes a passkey sign-in with this browser's challenge, used up whatever
 * the answer. A failure is recorded and counted against this network (past
 * the limit the options endpoint gives no more challenges); a counter that
 * did not move forward is also flagged as a possible copy of the passkey and
 * its owner told. The break-glass account's sign-in is flagged in the
 * history and announced to every other administrator.
 */
export async function signInWithPasskey(input: { response: AuthenticationResponse }, ctx: UseCaseContext): Promise<PasskeySignInOutcome> {
  const { audit, request: context } = ctx
  const secret = takeCeremony(ctx.cookies)
  if (!secret) return { ok: false, reason: 'passkey_expired' }
  const result = await verifyPasskeyAuthentication({ browserSecret: secret, response: input.response, purpose: 'sign_in', context })
  if (!result.ok) {
    await audit({ type: 'sign_in', result: 'failure', userId: result.userId, method: 'passkey', reason: result.reason })
    await countAttempt('passkey-failures-per-ip', { ipAddress: context.ipAddress })
    if (result.reason === 'passkey_clone' && result.userId && result.passkeyId) {
      const { userId, passkeyId } = result
      await audit({ type: 'passkey_clone_suspected', result: 'failure', userId, method: 'passkey', detail: { passkeyId } })
      ctx.later(() => sendPasskeyNotice('clone_suspected', { userId, passkeyId, context }))
    }
    if (result.reason === 'passkey_unknown') return { ok: false, reason: result.reason, unknownCredentialId: result.credentialId }
    return { ok: false, reason: result.reason }
  }
  const { passkey } = result
  const { sessionId } = await createSession(passkey.userId, 'passkey', ctx, {
    startedAt: passkey.challengedAt,
    passkeyDeviceBound: passkey.deviceBound,
    noticeRecipient: passkey.noticeRecipient,
  })
  // authenticatorAttachment (WebAuthn L3 §5.1): "cross-platform" is a passkey from another device, a phone over the
  // hybrid transport or a security key. The browser reports it unsigned, so it only decides whether to offer a
  // passkey on this device and that the phone's passkey is not listed as this device's.
  const crossDevice = input.response.authenticatorAttachment === 'cross-platform'
  rememberPasskeySignIn(ctx.cookies, { credentialId: passkey.credentialId, crossDevice })
  if (crossDevice) {
    const userId = passkey.userId
    const devicePasskeys = ctx.cookies.get(devicePasskeysCookie().name)?.value
    const snoozed = ctx.cookies.get(passkeyNudgeCookie().name)?.value
    ctx.later(() => recordNudgeOffer({ userId, method: 'passkey', devicePasskeys, snoozed, crossDevice: '1', context }))
  }
  if (passkey.groupId === BREAK_GLASS_GROUP) {
    const userId = passkey.userId
    await audit({ type: 'break_glass_sign_in', result: 'success', userId, sessionId, method: 'passkey' })
    ctx.later(() => sendBreakGlassNotice({ userId, context }))
  }
  return { ok: true, userId: passkey.userId, sessionId }
}
