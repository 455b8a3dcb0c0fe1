import 'server-only'
import { empty, sqltag, type Sql } from '@prisma/client/runtime/client'
import type { CookieJar } from '../../use-case'
import { clearedCookie } from '../../web/cookies'
import { CHALLENGE_VALID_SECONDS, ceremonyCookie, openSealedChallenge, sealChallenge, sha256Hex, type CeremonyFor } from './webauthn'

import type { AttestationRefusal } from '../../authenticators/attestation'

export type PasskeyFailure =
  | 'passkey_expired'
  | 'passkey_unknown'
  | 'passkey_invalid'
  | 'passkey_clone'
  | 'passkey_exists'
  | 'method_passkey_not_allowed'
  | 'passkey_synced_not_allowed'
  | 'passkey_authenticator_not_allowed'
  | AttestationRefusal
  | 'passkey_recalled'

export type StartedCeremony<Options> = { options: Options; browserSecret: string }

/**
 * The token the browser keeps for a challenge just handed out (sealed,
 * webauthn.ts): nothing is written until an answer comes back. `challenge` is
 * the base64url value the options carry, which is what the browser echoes
 * back in clientDataJSON.
 */
export function sealNewChallenge(challenge: string, ceremony: CeremonyFor, now: Date): string {
  return sealChallenge(challenge, new Date(now.getTime() + CHALLENGE_VALID_SECONDS * 1000), ceremony)
}

/**
 * The statement that accepts this browser's answer to a challenge, once: null
 * when the token does not open for this ceremony (not ours, another purpose
 * or account, expired). Otherwise an INSERT of a row under the token's hash
 * that only the first answer can make (the primary key refuses a second),
 * returning the challenge, its expiry and `columns` read in the same
 * statement; no row comes back for a token already used.
 */
export function claimChallenge(browserSecret: string, ceremony: CeremonyFor, now: Date, columns?: Sql): Sql | null {
  const sealed = openSealedChallenge(browserSecret, ceremony, now)
  if (!sealed) return null
  const userId = ceremony.purpose === 'sign_in' ? null : ceremony.userId
  return sqltag`
    INSERT INTO "WebAuthnChallenge" ("id", "challenge", "purpose", "userId", "createdAt", "expiresAt")
    VALUES (${sha256Hex(browserSecret)}, ${sealed.challenge}, ${ceremony.purpose}, ${userId}, ${now}, ${sealed.expiresAt})
    ON CONFLICT ("id") DO NOTHING
    RETURNING "challenge", "expiresAt"${columns ? sqltag`, ${columns}` : empty}`
}

/** Binds a ceremony just started to this browser: its sealed challenge goes in the ceremony cookie. */
export function bindCeremony(jar: CookieJar, browserSecret: string): void {
  const cookie = ceremonyCookie()
  jar.set(cookie.name, browserSecret, cookie.options)
}

/**
 * Takes this browser's ceremony token for an answer, and forgets it: each
 * challenge gets one answer, whatever it is. Null when there is none (or it
 * is longer than any token we make).
 */
export function takeCeremony(jar: CookieJar): string | null {
  const secret = jar.get(ceremonyCookie().name)?.value
  if (!secret || secret.length > 128) return null
  jar.set(clearedCookie(ceremonyCookie()))
  return secret
}
