import type { SignInMethod } from '../db'

/**
 * How strongly a person proved who they are, as apps are told it in the ID
 * token (OpenID Connect Core 1.0 §2: `acr`, `amr`). Two levels, documented
 * in docs/apps.md:
 * - PHISHING_RESISTANT: a passkey was used in this sign-in or in a step-up
 *   since (WebAuthn binds the assertion to our origin: nothing to phish);
 * - EMAIL: an emailed code or link (or an invitation link) proved the address,
 *   or a code texted to a verified number did (ADR 36).
 *   A demo mode one-press sign-in gets this level too, never more: in demo mode
 *   anyone can read the demo mailbox, so an emailed code proves no more than
 *   the press, and a press is no passkey.
 */
export const PHISHING_RESISTANT = 'urn:passkey-portal:acr:phishing-resistant'
export const EMAIL_BASED = 'urn:passkey-portal:acr:email'
export const ACR_VALUES = [PHISHING_RESISTANT, EMAIL_BASED] as const
export type AcrValue = (typeof ACR_VALUES)[number]

export type AppLevel = 'email' | 'phishing-resistant'
export const APP_LEVEL_ACR: Record<AppLevel, AcrValue> = { email: EMAIL_BASED, 'phishing-resistant': PHISHING_RESISTANT }

/** What a portal session says about the proof behind it. */
export type SessionProof = {
  method: SignInMethod
  verifiedMethod: SignInMethod
  passkeyDeviceBound: boolean | null
}

/** The level this session reached: a passkey at sign-in or at the last step-up is phishing-resistant. */
export function acrOf(session: SessionProof): AcrValue {
  return session.method === 'passkey' || session.verifiedMethod === 'passkey' ? PHISHING_RESISTANT : EMAIL_BASED
}

/**
 * RFC 8176 authentication method references. A passkey: "hwk" when
 * device-bound (its key cannot leave the authenticator), "swk" when synced
 * (backup eligible: the provider copies it between devices), plus "user"
 * (WebAuthn user verification, RFC 8176 §2). An emailed code or link: "otp"
 * (a one-time secret delivered out of band) — documented, since RFC 8176 has
 * no value for email as such. A demo account's press, not confirmed since:
 * "demo", our own value (OpenID Connect Core 1.0 §2 leaves amr values to the
 * parties), so an app is told nothing was proven rather than "otp". A
 * texted code (ADR 36): "sms" (RFC 8176 §2), so an app can tell the
 * weakest channel apart and ask for more.
 */
export function amrOf(session: SessionProof): string[] {
  if (acrOf(session) === PHISHING_RESISTANT) return [session.passkeyDeviceBound ? 'hwk' : 'swk', 'user']
  if (session.verifiedMethod === 'demo') return ['demo']
  return session.verifiedMethod === 'sms_code' ? ['sms'] : ['otp']
}

/** What the provider's session must say of a portal session: its level, methods and when it was last proven (auth_time). */
export type ProviderProof = { acr: AcrValue; amr: string[]; ts: number }

export function proofOf(session: SessionProof & { verifiedAt: Date }): ProviderProof {
  return { acr: acrOf(session), amr: amrOf(session), ts: Math.floor(session.verifiedAt.getTime() / 1000) }
}

/**
 * Whether a provider session speaks for this portal session: the same level,
 * methods and proof time. The provider keeps its own session (14 days) and
 * would otherwise put an older portal session's proof in new ID tokens.
 */
export function sameProof(provider: { acr?: string; amr?: string[]; loginTs?: number }, portal: ProviderProof): boolean {
  return (
    provider.acr === portal.acr &&
    provider.loginTs === portal.ts &&
    (provider.amr ?? []).length === portal.amr.length &&
    portal.amr.every((method, index) => provider.amr?.[index] === method)
  )
}

/**
 * The level a request needs: the app's own minimum, raised to
 * phishing-resistant when the request's acr_values (§3.1.2.1, voluntary
 * claims) ask for it. Values we don't know are ignored, as §5.5.1.1 allows.
 */
export function requiredAcr(appMinimum: AppLevel, requested: string | undefined): AcrValue {
  if (appMinimum === 'phishing-resistant') return PHISHING_RESISTANT
  const asked = (requested ?? '').split(' ').filter(Boolean)
  return asked.includes(PHISHING_RESISTANT) ? PHISHING_RESISTANT : EMAIL_BASED
}

/** Whether `reached` is at least `required`. */
export function meetsAcr(reached: string | undefined, required: AcrValue): boolean {
  return required === EMAIL_BASED ? reached === EMAIL_BASED || reached === PHISHING_RESISTANT : reached === PHISHING_RESISTANT
}
