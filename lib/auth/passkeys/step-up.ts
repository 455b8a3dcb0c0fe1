import 'server-only'
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server'
import type { UseCaseContext } from '../../use-case'
import { appRequestDetail, appRequestIn } from '../../oidc/approval-proof'
import { confirmPresence } from '../session/step-up'
import { startPasskeyAuthentication, verifyPasskeyAuthentication } from './authentication'
import { bindCeremony, takeCeremony, type PasskeyFailure } from './challenges'
import type { AuthenticationResponse } from './webauthn'

type Confirming = { sessionId: string; user: { id: string } }

/** Starts "confirm it's you" with one of the signed-in person's own passkeys. */
export async function stepUpOptions(session: Confirming, ctx: Pick<UseCaseContext, 'cookies'>): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { options, browserSecret } = await startPasskeyAuthentication({ purpose: 'step_up', userId: session.user.id })
  bindCeremony(ctx.cookies, browserSecret)
  return options
}

export type PasskeyStepUpOutcome = { ok: true; sessionId: string } | { ok: false; reason: PasskeyFailure | 'signed_out' }

/**
 * Confirms presence with the person's own passkey, answering this browser's
 * step-up challenge: the session counts as freshly verified, under a new id,
 * and for the app request `returnTo` leads back to, if any. `signed_out` when
 * the session ended meanwhile.
 */
export async function stepUpWithPasskey(
  input: { response: AuthenticationResponse; returnTo?: string | null },
  session: Confirming,
  ctx: UseCaseContext,
): Promise<PasskeyStepUpOutcome> {
  const { audit } = ctx
  const secret = takeCeremony(ctx.cookies)
  if (!secret) return { ok: false, reason: 'passkey_expired' }
  const userId = session.user.id
  const result = await verifyPasskeyAuthentication({ browserSecret: secret, response: input.response, purpose: 'step_up', userId, context: ctx.request })
  if (!result.ok) {
    await audit({ type: 'step_up', result: 'failure', method: 'passkey', reason: result.reason })
    return { ok: false, reason: result.reason }
  }
  const sessionId = await confirmPresence(
    session,
    { method: 'passkey', deviceBound: result.passkey.deviceBound, verifiedFor: appRequestIn(input.returnTo) },
    ctx,
  )
  if (!sessionId) return { ok: false, reason: 'signed_out' }
  await audit({ type: 'step_up', result: 'success', method: 'passkey', sessionId, detail: appRequestDetail(input.returnTo) })
  return { ok: true, sessionId }
}
