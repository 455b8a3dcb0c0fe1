import 'server-only'
import { db } from '../../db'
import type { CookieJar } from '../../use-case'
import { clearedCookie } from '../../web/cookies'
import { CHALLENGE_VALID_SECONDS, ceremonyCookie, newCeremonySecret, sha256Hex, type CeremonyPurpose } from './webauthn'

export type PasskeyFailure =
  | 'passkey_expired'
  | 'passkey_unknown'
  | 'passkey_invalid'
  | 'passkey_clone'
  | 'passkey_exists'
  | 'method_passkey_not_allowed'
  | 'passkey_synced_not_allowed'
  | 'passkey_authenticator_not_allowed'

export type StartedCeremony<Options> = { options: Options; browserSecret: string }

/**
 * Stores the challenge of options just generated, under a new browser secret.
 * `challenge` is the base64url value the options carry, which is what the
 * browser echoes back in clientDataJSON.
 */
export async function storeChallenge(purpose: CeremonyPurpose, userId: string | null, challenge: string, now: Date): Promise<string> {
  const browserSecret = newCeremonySecret()
  await db().webAuthnChallenge.create({
    data: {
      id: sha256Hex(browserSecret),
      challenge,
      purpose,
      userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + CHALLENGE_VALID_SECONDS * 1000),
    },
    select: { id: true },
  })
  return browserSecret
}

/** Binds a ceremony just started to this browser: its secret goes in the ceremony cookie. */
export function bindCeremony(jar: CookieJar, browserSecret: string): void {
  const cookie = ceremonyCookie()
  jar.set(cookie.name, browserSecret, cookie.options)
}

/**
 * Takes this browser's ceremony secret for an answer, and forgets it: each
 * challenge gets one answer, whatever it is. Null when there is none (or it
 * is longer than any secret we make).
 */
export function takeCeremony(jar: CookieJar): string | null {
  const secret = jar.get(ceremonyCookie().name)?.value
  if (!secret || secret.length > 128) return null
  jar.set(clearedCookie(ceremonyCookie()))
  return secret
}
