import 'server-only'
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server'
import { sqltag } from '@prisma/client/runtime/client'
import { db } from '../../db'
import type { RequestContext } from '../../web/request-context'
import { describeUserAgent } from '../../user-agent'
import { decoyCredentials, isDecoyCredentialId } from './decoys'
import { passkeyProvider } from './providers'
import {
  CHALLENGE_VALID_SECONDS,
  SUPPORTED_ALGORITHMS,
  newCeremonySecret,
  newChallenge,
  isSealedChallenge,
  openSealedChallenge,
  ranTopLevel,
  relyingParty,
  sealChallenge,
  sha256Hex,
  storableCredential,
  userHandleBytes,
  userHandleFor,
  type AuthenticationResponse,
  type CeremonyPurpose,
  type RegistrationResponse,
} from './webauthn'

export const PASSKEY_NAME_MAX = 60

export type PasskeyFailure = 'passkey_expired' | 'passkey_unknown' | 'passkey_invalid' | 'passkey_clone' | 'passkey_exists'

export type StartedCeremony<Options> = { options: Options; browserSecret: string }

/**
 * Stores the challenge of options just generated, under a new browser secret.
 * `challenge` is the base64url value the options carry, which is what the
 * browser echoes back in clientDataJSON.
 */
async function storeChallenge(purpose: CeremonyPurpose, userId: string | null, challenge: string, now: Date): Promise<string> {
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

const splitTransports = (value: string | null): string[] => (value ? value.split(',').filter(Boolean) : [])

// ---------------------------------------------------------------------------
// Registration (WebAuthn §7.1)
// ---------------------------------------------------------------------------

/** Options for adding a passkey to a signed-in account. The caller has checked step-up. */
export async function startPasskeyRegistration(
  user: { id: string; email: string; displayName: string | null },
  now = new Date(),
): Promise<StartedCeremony<PublicKeyCredentialCreationOptionsJSON>> {
  const existing = await db().passkey.findMany({ where: { userId: user.id }, select: { credentialId: true, transports: true } })
  const rp = relyingParty()
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userID: userHandleBytes(user.id),
    userDisplayName: user.displayName ?? user.email,
    challenge: newChallenge(),
    timeout: CHALLENGE_VALID_SECONDS * 1000,
    // No attestation: we name providers by AAGUID for display only and trust no model claims (§5.4.7).
    attestationType: 'none',
    // Stops the same authenticator from registering twice for this account (§5.4.3).
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: splitTransports(passkey.transports) })),
    // A passkey is a discoverable credential with user verification: it replaces a password, not a second factor.
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
    supportedAlgorithmIDs: [...SUPPORTED_ALGORITHMS],
  })
  const browserSecret = await storeChallenge('register', user.id, options.challenge, now)
  return { options, browserSecret }
}

export type RegisteredPasskey = { id: string; name: string; credentialId: string; providerName: string | null; synced: boolean }

/** The name a new passkey gets: its provider's ("Google Password Manager"), else browser and OS ("Chrome on Linux"). */
export function defaultPasskeyName(aaguid: string, userAgent: string | null, taken: string[]): string {
  const base = (passkeyProvider(aaguid).name ?? describeUserAgent(userAgent).replace(/^an unknown browser$/, 'Passkey')).slice(0, PASSKEY_NAME_MAX - 4)
  if (!taken.includes(base)) return base
  for (let number = 2; ; number += 1) if (!taken.includes(`${base} ${number}`)) return `${base} ${number}`
}

type ConsumedRegistration = { challenge: string; expiresAt: Date | string }

/**
 * Checks the browser's attestation against the registration challenge this
 * browser was given (consumed here, whatever the outcome) and stores the passkey.
 */
export async function finishPasskeyRegistration(input: {
  userId: string
  browserSecret: string
  response: RegistrationResponse
  context: RequestContext
  now?: Date
}): Promise<{ ok: true; passkey: RegisteredPasskey } | { ok: false; reason: PasskeyFailure }> {
  const now = input.now ?? new Date()
  const [consumed] = await db().$queryRaw<ConsumedRegistration[]>`
    DELETE FROM "WebAuthnChallenge"
    WHERE "id" = ${sha256Hex(input.browserSecret)} AND "purpose" = 'register' AND "userId" = ${input.userId}
    RETURNING "challenge", "expiresAt"`
  if (!consumed || new Date(consumed.expiresAt) <= now) return { ok: false, reason: 'passkey_expired' }

  if (!ranTopLevel(input.response.response.clientDataJSON)) return { ok: false, reason: 'passkey_invalid' }
  const rp = relyingParty()
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>
  try {
    verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: consumed.challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.id,
      requireUserVerification: true,
      supportedAlgorithmIDs: [...SUPPORTED_ALGORITHMS],
    })
  } catch {
    return { ok: false, reason: 'passkey_invalid' }
  }
  if (!verification.verified) return { ok: false, reason: 'passkey_invalid' }
  const info = verification.registrationInfo
  if (!storableCredential(info.credential)) return { ok: false, reason: 'passkey_invalid' }

  const taken = await db().passkey.findMany({ where: { userId: input.userId }, select: { name: true, credentialId: true } })
  // The authenticator may ignore excludeCredentials; the unique index is the final word.
  if (taken.some((passkey) => passkey.credentialId === info.credential.id)) return { ok: false, reason: 'passkey_exists' }
  const name = defaultPasskeyName(
    info.aaguid,
    input.context.userAgent,
    taken.map((passkey) => passkey.name),
  )
  try {
    const created = await db().passkey.create({
      data: {
        userId: input.userId,
        credentialId: info.credential.id,
        publicKey: new Uint8Array(info.credential.publicKey),
        counter: BigInt(info.credential.counter),
        aaguid: info.aaguid,
        name,
        transports: (input.response.response.transports ?? []).join(',') || null,
        backupEligible: info.credentialDeviceType === 'multiDevice',
        backedUp: info.credentialBackedUp,
        createdAt: now,
        createdIp: input.context.ipAddress,
        createdUserAgent: input.context.userAgent,
      },
      select: { id: true, name: true, credentialId: true, aaguid: true, backupEligible: true },
    })
    return {
      ok: true,
      passkey: {
        id: created.id,
        name: created.name,
        credentialId: created.credentialId,
        providerName: passkeyProvider(created.aaguid).name,
        synced: created.backupEligible,
      },
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return { ok: false, reason: 'passkey_exists' }
    throw error
  }
}

// ---------------------------------------------------------------------------
// Authentication (WebAuthn §7.2)
// ---------------------------------------------------------------------------

/**
 * Options for using a passkey. Sign-in without an address asks for any
 * discoverable passkey (autofill or the button); with an address, only that
 * account's passkeys, or decoys when it has none, so the answer never tells
 * whether the account exists. Step-up asks for the signed-in user's passkeys.
 */
export async function startPasskeyAuthentication(
  input: { purpose: 'sign_in'; email?: string } | { purpose: 'step_up'; userId: string },
  now = new Date(),
): Promise<StartedCeremony<PublicKeyCredentialRequestOptionsJSON>> {
  let allowCredentials: { id: string; transports: string[] }[] | undefined
  if (input.purpose === 'step_up') {
    const passkeys = await db().passkey.findMany({ where: { userId: input.userId }, select: { credentialId: true, transports: true } })
    allowCredentials = passkeys.map((passkey) => ({ id: passkey.credentialId, transports: splitTransports(passkey.transports) }))
  } else if (input.email) {
    const passkeys = await db().passkey.findMany({
      where: { user: { is: { email: input.email, status: 'active' } } },
      select: { credentialId: true, transports: true },
    })
    allowCredentials = passkeys.length
      ? passkeys.map((passkey) => ({ id: passkey.credentialId, transports: splitTransports(passkey.transports) }))
      : decoyCredentials(input.email)
  }
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().id,
    challenge: newChallenge(),
    timeout: CHALLENGE_VALID_SECONDS * 1000,
    userVerification: 'required',
    allowCredentials,
  })
  // Sign-in challenges travel sealed in the cookie (nothing is written until they are answered); step-up ones are stored for the user.
  const browserSecret =
    input.purpose === 'sign_in'
      ? sealChallenge(options.challenge, new Date(now.getTime() + CHALLENGE_VALID_SECONDS * 1000))
      : await storeChallenge(input.purpose, input.userId, options.challenge, now)
  return { options, browserSecret }
}

type ConsumedAssertion = {
  challenge: string
  purpose: CeremonyPurpose
  challengeUserId: string | null
  expiresAt: Date | string
  passkeyId: string | null
  ownerId: string | null
  ownerStatus: string | null
  publicKey: Uint8Array | null
  counter: bigint | number | null
  transports: string | null
}

/**
 * Takes this browser's challenge, whatever the answer turns out to be, and
 * reads the passkey the answer names, in one statement. A stored challenge
 * (step-up) is deleted; a sealed one (sign-in) is checked here and then
 * claimed by inserting a row under its hash, which only one answer can do.
 */
async function consumeChallenge(browserSecret: string, credentialId: string, now: Date): Promise<ConsumedAssertion | undefined> {
  const passkeyColumns = sqltag`
      (SELECT p."id" FROM "Passkey" p WHERE p."credentialId" = ${credentialId}) AS "passkeyId",
      (SELECT p."userId" FROM "Passkey" p WHERE p."credentialId" = ${credentialId}) AS "ownerId",
      (SELECT u."status" FROM "Passkey" p JOIN "User" u ON u."id" = p."userId" WHERE p."credentialId" = ${credentialId}) AS "ownerStatus",
      (SELECT p."publicKey" FROM "Passkey" p WHERE p."credentialId" = ${credentialId}) AS "publicKey",
      (SELECT p."counter" FROM "Passkey" p WHERE p."credentialId" = ${credentialId}) AS "counter",
      (SELECT p."transports" FROM "Passkey" p WHERE p."credentialId" = ${credentialId}) AS "transports"`
  const id = sha256Hex(browserSecret)
  if (!isSealedChallenge(browserSecret)) {
    const [row] = await db().$queryRaw<ConsumedAssertion[]>`
      DELETE FROM "WebAuthnChallenge" WHERE "id" = ${id}
      RETURNING "challenge", "purpose", "userId" AS "challengeUserId", "expiresAt", ${passkeyColumns}`
    return row
  }
  const sealed = openSealedChallenge(browserSecret)
  if (!sealed || sealed.expiresAt <= now) return undefined
  const [row] = await db().$queryRaw<ConsumedAssertion[]>`
    INSERT INTO "WebAuthnChallenge" ("id", "challenge", "purpose", "userId", "createdAt", "expiresAt")
    VALUES (${id}, ${sealed.challenge}, 'sign_in', NULL, ${now}, ${sealed.expiresAt})
    ON CONFLICT ("id") DO NOTHING
    RETURNING "challenge", "purpose", "userId" AS "challengeUserId", "expiresAt", ${passkeyColumns}`
  return row
}

export type VerifiedPasskey = { passkeyId: string; userId: string; credentialId: string }

export type AuthenticationResult =
  { ok: true; passkey: VerifiedPasskey } | { ok: false; reason: PasskeyFailure; userId: string | null; passkeyId: string | null; credentialId: string }

/**
 * Verifies an assertion. One statement consumes this browser's challenge
 * (whatever happens next, so an answer can never be replayed) and reads the
 * passkey and its owner; after the signature checks out, one conditional
 * UPDATE moves the counter forward. With the session and history inserts a
 * passkey sign-in is four statements.
 */
export async function verifyPasskeyAuthentication(input: {
  browserSecret: string
  response: AuthenticationResponse
  purpose: 'sign_in' | 'step_up'
  /** For step-up: the signed-in user, who must own the passkey. */
  userId?: string
  context: RequestContext
  now?: Date
}): Promise<AuthenticationResult> {
  const now = input.now ?? new Date()
  const credentialId = input.response.id
  const row = await consumeChallenge(input.browserSecret, credentialId, now)
  const fail = (reason: PasskeyFailure): AuthenticationResult => ({
    ok: false,
    reason,
    userId: row?.ownerId ?? null,
    passkeyId: row?.passkeyId ?? null,
    credentialId,
  })
  if (!row || new Date(row.expiresAt) <= now || row.purpose !== input.purpose) return fail('passkey_expired')
  if (!ranTopLevel(input.response.response.clientDataJSON)) return fail('passkey_invalid')
  if (input.purpose === 'step_up' && row.challengeUserId !== input.userId) return fail('passkey_expired')
  // A decoy from the options for an address without passkeys is answered as a real passkey with a bad
  // signature would be: "unknown credential" would tell decoys from real accounts' passkeys.
  if (!row.passkeyId || !row.ownerId || !row.publicKey) return fail(isDecoyCredentialId(credentialId) ? 'passkey_invalid' : 'passkey_unknown')
  if (row.ownerStatus !== 'active') return fail('passkey_invalid')
  if (input.purpose === 'step_up' && row.ownerId !== input.userId) return fail('passkey_invalid')
  // Discoverable credentials return the user handle; it must name the passkey's owner (§7.2 step 6).
  if (input.response.response.userHandle !== userHandleFor(row.ownerId)) return fail('passkey_invalid')

  const storedCounter = Number(row.counter ?? 0)
  const rp = relyingParty()
  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>
  try {
    verification = await verifyAuthenticationResponse({
      response: input.response,
      expectedChallenge: row.challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.id,
      requireUserVerification: true,
      // The counter is compared below, after the signature is known to be genuine,
      // so a forged answer can never raise a clone warning.
      credential: { id: credentialId, publicKey: new Uint8Array(row.publicKey), counter: 0, transports: splitTransports(row.transports) },
    })
  } catch {
    return fail('passkey_invalid')
  }
  if (!verification.verified) return fail('passkey_invalid')

  // Signature counter (§6.1.1): 0 and 0 means the authenticator doesn't count
  // (synced passkeys). Otherwise it must go up; a counter that stays or goes
  // back on a passkey that counted means two copies of its key exist.
  const { newCounter, credentialBackedUp } = verification.authenticationInfo
  if (storedCounter > 0 && newCounter <= storedCounter) return fail('passkey_clone')
  const { count } = await db().passkey.updateMany({
    where: { id: row.passkeyId, counter: newCounter === 0 ? 0 : { lt: BigInt(newCounter) } },
    data: { counter: BigInt(newCounter), lastUsedAt: now, backedUp: credentialBackedUp, lastUsedUserAgent: input.context.userAgent },
  })
  // Another sign-in moved the counter past this one in the meantime: the same suspicion.
  if (count === 0) return fail('passkey_clone')
  return { ok: true, passkey: { passkeyId: row.passkeyId, userId: row.ownerId, credentialId } }
}

// ---------------------------------------------------------------------------
// Management: every query is scoped by userId
// ---------------------------------------------------------------------------

export type PasskeySummary = {
  id: string
  credentialId: string
  name: string
  providerName: string | null
  iconLight: string | null
  iconDark: string | null
  /** Backup eligible: lives in a password manager that syncs it to the user's other devices. */
  synced: boolean
  backedUp: boolean
  transports: string[]
  createdAt: Date
  lastUsedAt: Date | null
  createdFrom: string
}

export async function listPasskeys(userId: string): Promise<PasskeySummary[]> {
  const rows = await db().passkey.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      credentialId: true,
      name: true,
      aaguid: true,
      backupEligible: true,
      backedUp: true,
      transports: true,
      createdAt: true,
      lastUsedAt: true,
      createdUserAgent: true,
    },
  })
  return rows.map((row) => {
    const provider = passkeyProvider(row.aaguid)
    return {
      id: row.id,
      credentialId: row.credentialId,
      name: row.name,
      providerName: provider.name,
      iconLight: provider.iconLight,
      iconDark: provider.iconDark,
      synced: row.backupEligible,
      backedUp: row.backedUp,
      transports: splitTransports(row.transports),
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      createdFrom: describeUserAgent(row.createdUserAgent),
    }
  })
}

export async function countPasskeys(userId: string): Promise<number> {
  return db().passkey.count({ where: { userId } })
}

/** Renames one of the user's passkeys; false if it isn't theirs (or no longer exists). */
export async function renamePasskey(userId: string, passkeyId: string, name: string): Promise<{ previousName: string } | null> {
  const passkey = await db().passkey.findFirst({ where: { id: passkeyId, userId }, select: { name: true } })
  if (!passkey) return null
  const { count } = await db().passkey.updateMany({ where: { id: passkeyId, userId }, data: { name } })
  return count === 1 ? { previousName: passkey.name } : null
}

export type RemovalResult =
  { ok: true; passkey: { name: string; credentialId: string }; remainingCredentialIds: string[] } | { ok: false; reason: 'not_found' | 'last_method' }

/**
 * Removes a passkey unless it is the user's last way to sign in: another
 * passkey, or email sign-in to an address they have proven they control.
 * The user row is written first so concurrent removals for one user queue up
 * (a row lock on PostgreSQL; SQLite runs one writer at a time) and cannot
 * both remove "one of two".
 */
export async function removePasskey(userId: string, passkeyId: string, now = new Date()): Promise<RemovalResult> {
  return db().$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id: userId }, data: { updatedAt: now }, select: { emailVerifiedAt: true } })
    const passkeys = await tx.passkey.findMany({ where: { userId }, select: { id: true, name: true, credentialId: true } })
    const target = passkeys.find((passkey) => passkey.id === passkeyId)
    if (!target) return { ok: false, reason: 'not_found' } as const
    const others = passkeys.filter((passkey) => passkey.id !== passkeyId)
    if (others.length === 0 && !emailSignInAvailable(user)) return { ok: false, reason: 'last_method' } as const
    await tx.passkey.deleteMany({ where: { id: passkeyId, userId } })
    return {
      ok: true,
      passkey: { name: target.name, credentialId: target.credentialId },
      remainingCredentialIds: others.map((passkey) => passkey.credentialId),
    }
  })
}

/**
 * Whether email sign-in can get this user in: it is on for everyone today
 * (a per-group policy can switch it off later), and it only counts once the
 * user has proven the address by signing in with it.
 */
export function emailSignInAvailable(user: { emailVerifiedAt: Date | null }): boolean {
  return user.emailVerifiedAt !== null
}

/** The credential IDs of a user's passkeys (for "is one of them on this device?"). */
export async function passkeyCredentialIds(userId: string): Promise<string[]> {
  const rows = await db().passkey.findMany({ where: { userId }, select: { credentialId: true } })
  return rows.map((row) => row.credentialId)
}
