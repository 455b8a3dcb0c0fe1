import 'server-only'
import { methodAllowed } from '../../policy/decide'
import { readPolicy } from '../../policy/schema'
import { generateAuthenticationOptions, verifyAuthenticationResponse, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server'
import { sqltag } from '@prisma/client/runtime/client'
import { db } from '../../db'
import type { RequestContext } from '../../web/request-context'
import { CHALLENGE_VALID_SECONDS, newChallenge, ranTopLevel, relyingParty, userHandleFor, type AuthenticationResponse } from './webauthn'
import { claimChallenge, sealNewChallenge, type StartedCeremony, type PasskeyFailure } from './challenges'
import type { NoticeRecipient } from '../session/new-sign-in-notice'
import { splitTransports } from './management'

// Authentication (WebAuthn §7.2)

/** Who may answer: anyone with a passkey of ours (sign-in), or the signed-in account (step-up). */
export type AuthenticationFor = { purpose: 'sign_in' } | { purpose: 'step_up'; userId: string }

/**
 * Options for using a passkey. Sign-in asks for any discoverable passkey
 * (autofill or the button), whatever address was typed: every passkey the
 * portal registers is discoverable (residentKey required), so a list is never
 * needed, and listing an account's credentials to someone not signed in would
 * tell which addresses have passkeys, and how many, by the list's shape
 * (ADR 2). Step-up asks for the signed-in user's own passkeys.
 */
export async function startPasskeyAuthentication(input: AuthenticationFor, now = new Date()): Promise<StartedCeremony<PublicKeyCredentialRequestOptionsJSON>> {
  let allowCredentials: { id: string; transports: string[] }[] | undefined
  if (input.purpose === 'step_up') {
    const passkeys = await db().passkey.findMany({ where: { userId: input.userId }, select: { credentialId: true, transports: true } })
    allowCredentials = passkeys.map((passkey) => ({ id: passkey.credentialId, transports: splitTransports(passkey.transports) }))
  }
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().id,
    challenge: newChallenge(),
    timeout: CHALLENGE_VALID_SECONDS * 1000,
    userVerification: 'required',
    allowCredentials,
  })
  return { options, browserSecret: sealNewChallenge(options.challenge, input, now) }
}

type ConsumedAssertion = {
  challenge: string
  expiresAt: Date | string
  passkeyId: string | null
  ownerId: string | null
  ownerStatus: string | null
  publicKey: Uint8Array | null
  counter: bigint | number | null
  transports: string | null
  revokeAt: Date | string | number | null
  ownerPolicy: string | null
  ownerGroupId: string | null
  // Sign-in only (see noticeColumns).
  ownerEmail?: string | null
  ownerBackupEmail?: string | null
  ownerLocale?: string | null
  ownerTimeZone?: string | null
  ownerNewSignInNotices?: boolean | number | null
  ownerSignedInBefore?: boolean | number | null
}

/**
 * Takes this browser's challenge, whatever the answer turns out to be, and
 * reads the passkey the answer names, in one statement: the claim of the
 * sealed challenge (challenges.ts), which only opens for this ceremony and
 * only one answer can make. Undefined for a token that does not open, or was
 * used already.
 */
async function consumeChallenge(browserSecret: string, ceremony: AuthenticationFor, credentialId: string, now: Date): Promise<ConsumedAssertion | undefined> {
  const passkeyColumns = sqltag`
      (SELECT p."id" FROM "Passkey" p WHERE p."credentialId" = ${credentialId}) AS "passkeyId",
      (SELECT p."userId" FROM "Passkey" p WHERE p."credentialId" = ${credentialId}) AS "ownerId",
      (SELECT u."status" FROM "Passkey" p JOIN "User" u ON u."id" = p."userId" WHERE p."credentialId" = ${credentialId}) AS "ownerStatus",
      (SELECT p."publicKey" FROM "Passkey" p WHERE p."credentialId" = ${credentialId}) AS "publicKey",
      (SELECT p."counter" FROM "Passkey" p WHERE p."credentialId" = ${credentialId}) AS "counter",
      (SELECT p."transports" FROM "Passkey" p WHERE p."credentialId" = ${credentialId}) AS "transports",
      (SELECT p."revokeAt" FROM "Passkey" p WHERE p."credentialId" = ${credentialId}) AS "revokeAt",
      (SELECT g."policy" FROM "Passkey" p JOIN "User" u ON u."id" = p."userId" JOIN "Group" g ON g."id" = u."groupId"
        WHERE p."credentialId" = ${credentialId}) AS "ownerPolicy",
      (SELECT u."groupId" FROM "Passkey" p JOIN "User" u ON u."id" = p."userId" WHERE p."credentialId" = ${credentialId}) AS "ownerGroupId"`
  // What the new-sign-in notice asks (sendNewSignInNotice), read here so a sign-in from a new browser
  // costs no statement more; this sign-in's own history row is not written yet.
  const noticeColumns = sqltag`
      (SELECT u."email" FROM "Passkey" p JOIN "User" u ON u."id" = p."userId" WHERE p."credentialId" = ${credentialId}) AS "ownerEmail",
      (SELECT u."backupEmail" FROM "Passkey" p JOIN "User" u ON u."id" = p."userId" WHERE p."credentialId" = ${credentialId}) AS "ownerBackupEmail",
      (SELECT u."locale" FROM "Passkey" p JOIN "User" u ON u."id" = p."userId" WHERE p."credentialId" = ${credentialId}) AS "ownerLocale",
      (SELECT u."timeZone" FROM "Passkey" p JOIN "User" u ON u."id" = p."userId" WHERE p."credentialId" = ${credentialId}) AS "ownerTimeZone",
      (SELECT u."newSignInNotices" FROM "Passkey" p JOIN "User" u ON u."id" = p."userId"
        WHERE p."credentialId" = ${credentialId}) AS "ownerNewSignInNotices",
      EXISTS (SELECT 1 FROM "Passkey" p JOIN "AuditEvent" e ON e."userId" = p."userId"
        WHERE p."credentialId" = ${credentialId} AND e."type" = 'sign_in' AND e."result" = 'success') AS "ownerSignedInBefore"`
  const claim = claimChallenge(browserSecret, ceremony, now, ceremony.purpose === 'sign_in' ? sqltag`${passkeyColumns}, ${noticeColumns}` : passkeyColumns)
  if (!claim) return undefined
  const [row] = await db().$queryRaw<ConsumedAssertion[]>(claim)
  return row
}

/** `challengedAt`: when the options were handed out, so the sign-in can record how long it took. */
export type VerifiedPasskey = {
  passkeyId: string
  userId: string
  credentialId: string
  groupId: string | null
  challengedAt: Date
  /** Not backup eligible (BE flag clear, WebAuthn §6.1): the key cannot leave this authenticator. */
  deviceBound: boolean
  /** For the new-sign-in notice (sign-in only): read with the challenge. */
  noticeRecipient?: NoticeRecipient
}

export type AuthenticationResult =
  { ok: true; passkey: VerifiedPasskey } | { ok: false; reason: PasskeyFailure; userId: string | null; passkeyId: string | null; credentialId: string }

/**
 * Verifies an assertion. One statement consumes this browser's challenge
 * (whatever happens next, so an answer can never be replayed) and reads the
 * passkey and its owner; after the signature checks out, one conditional
 * UPDATE moves the counter forward. With the session and history inserts a
 * passkey sign-in is four statements.
 */
export async function verifyPasskeyAuthentication(
  input: AuthenticationFor & {
    browserSecret: string
    response: AuthenticationResponse
    context: RequestContext
    now?: Date
  },
): Promise<AuthenticationResult> {
  const now = input.now ?? new Date()
  const credentialId = input.response.id
  // Step-up: the challenge opens only for the signed-in user it was issued to, who must also own the passkey (below).
  const ceremony: AuthenticationFor = input.purpose === 'sign_in' ? { purpose: 'sign_in' } : { purpose: 'step_up', userId: input.userId }
  const row = await consumeChallenge(input.browserSecret, ceremony, credentialId, now)
  const fail = (reason: PasskeyFailure): AuthenticationResult => ({
    ok: false,
    reason,
    userId: row?.ownerId ?? null,
    passkeyId: row?.passkeyId ?? null,
    credentialId,
  })
  if (!row) return fail('passkey_expired')
  if (!ranTopLevel(input.response.response.clientDataJSON)) return fail('passkey_invalid')
  // A discoverable credential we don't hold (removed since): the answer lets the browser forget it.
  if (!row.passkeyId || !row.ownerId || !row.publicKey) return fail('passkey_unknown')
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
  // A recalled model's passkey stops at the moment an administrator chose, before maintenance removes it (ADR 35);
  // only its holder, who just signed with it, learns why.
  if (row.revokeAt !== null && new Date(row.revokeAt) <= now) return fail('passkey_recalled')
  // Only the holder of a genuine passkey learns that its group signs in another way.
  if (input.purpose === 'sign_in' && !methodAllowed(readPolicy(row.ownerPolicy), 'passkey')) return fail('method_passkey_not_allowed')

  // Signature counter (§6.1.1): 0 and 0 means the authenticator doesn't count
  // (synced passkeys). Otherwise it must go up; a counter that stays or goes
  // back on a passkey that counted means two copies of its key exist.
  const { newCounter, credentialBackedUp, credentialDeviceType } = verification.authenticationInfo
  if (storedCounter > 0 && newCounter <= storedCounter) return fail('passkey_clone')
  const { count } = await db().passkey.updateMany({
    where: { id: row.passkeyId, counter: newCounter === 0 ? 0 : { lt: BigInt(newCounter) } },
    data: { counter: BigInt(newCounter), lastUsedAt: now, backedUp: credentialBackedUp, lastUsedUserAgent: input.context.userAgent },
  })
  // Another sign-in moved the counter past this one in the meantime: the same suspicion.
  if (count === 0) return fail('passkey_clone')
  // Every challenge lives CHALLENGE_VALID_SECONDS, so its expiry says when it was issued.
  const challengedAt = new Date(new Date(row.expiresAt).getTime() - CHALLENGE_VALID_SECONDS * 1000)
  return {
    ok: true,
    passkey: {
      passkeyId: row.passkeyId,
      userId: row.ownerId,
      credentialId,
      groupId: row.ownerGroupId,
      challengedAt,
      deviceBound: credentialDeviceType === 'singleDevice',
      noticeRecipient: noticeRecipientOf(row),
    },
  }
}

function noticeRecipientOf(row: ConsumedAssertion): NoticeRecipient | undefined {
  const { ownerEmail, ownerBackupEmail, ownerLocale, ownerTimeZone, ownerNewSignInNotices, ownerSignedInBefore } = row
  if (!ownerEmail || ownerNewSignInNotices == null || ownerSignedInBefore == null) return undefined
  return {
    email: ownerEmail,
    backupEmail: ownerBackupEmail ?? null,
    locale: ownerLocale ?? null,
    timeZone: ownerTimeZone ?? null,
    newSignInNotices: ownerNewSignInNotices,
    signedInBefore: ownerSignedInBefore,
  }
}
