import 'server-only'
import type { UseCaseContext } from '../../use-case'
import { appRequestDetail, appRequestIn } from '../../oidc/approval-proof'
import { confirmPresence } from '../session/step-up'
import { finishRegistration, type AddPasskeyOutcome } from './add-passkey'
import type { RegistrationResponse } from './webauthn'

export type NewPasskeyStepUpOutcome =
  { ok: true; sessionId: string } | { ok: false; reason: Extract<AddPasskeyOutcome, { ok: false }>['reason'] | 'signed_out' }

/**
 * "Confirm it's you" by creating a passkey, on the step-up page where an app
 * asked for one and the person has none on this device. The passkey is added
 * as on the passkeys page (the same checks, history row and notice), and its
 * ceremony is the proof: the browser made the key for our origin only after
 * user verification (WebAuthn L3 §7.1 steps 9 and 15, required here), as a
 * passkey sign-in does. So the session counts as confirmed by a passkey,
 * under a new id, for the app request it returns to. The guard (`session-adding-passkey`) lets through only a
 * session that may add a passkey now: this confirms nothing that adding one
 * and using it at once would not.
 */
export async function confirmWithNewPasskey(
  input: { response: RegistrationResponse; returnTo?: string | null },
  session: Parameters<typeof finishRegistration>[1],
  ctx: UseCaseContext,
): Promise<NewPasskeyStepUpOutcome> {
  const added = await finishRegistration(input, session, ctx)
  if (!added.ok) return added
  const sessionId = await confirmPresence(session, { method: 'passkey', deviceBound: !added.passkey.synced, verifiedFor: appRequestIn(input.returnTo) }, ctx)
  if (!sessionId) return { ok: false, reason: 'signed_out' }
  await ctx.audit({
    type: 'step_up',
    result: 'success',
    method: 'passkey',
    sessionId,
    detail: { passkeyId: added.passkey.id, newPasskey: true, ...appRequestDetail(input.returnTo) },
  })
  return { ok: true, sessionId }
}
