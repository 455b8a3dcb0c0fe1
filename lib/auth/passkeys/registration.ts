import 'server-only'
import { createdOn } from '../session/device-report'
import { authenticatorAllowed } from '../../policy/decide'
import { verifyAuthenticatorModel } from '../../authenticators/attestation'
import { DEFAULT_POLICY, type Policy } from '../../policy/schema'
import { generateRegistrationOptions, verifyRegistrationResponse, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server'
import type { Audit } from '../../audit/record'
import { db } from '../../db'
import type { RequestContext } from '../../web/request-context'
import { describeUserAgent } from '../../user-agent'
import { passkeyProvider } from './providers'
import {
  CHALLENGE_VALID_SECONDS,
  SUPPORTED_ALGORITHMS,
  newChallenge,
  ranTopLevel,
  relyingParty,
  storableCredential,
  userHandleBytes,
  type RegistrationResponse,
} from './webauthn'
import { claimChallenge, sealNewChallenge, type StartedCeremony, type PasskeyFailure } from './challenges'
import { PASSKEY_NAME_MAX, splitTransports } from './management'

// Registration (WebAuthn §7.1)

/** Options for adding a passkey to a signed-in account. The caller has checked step-up. */
export async function startPasskeyRegistration(
  user: { id: string; email: string; displayName: string | null },
  now = new Date(),
  policy: Pick<Policy, 'authenticators'> = DEFAULT_POLICY,
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
    // No attestation unless the group accepts verified models only: then the model must prove itself (§5.4.7, ADR 35).
    attestationType: conveyance(policy),
    // Stops the same authenticator from registering twice for this account (§5.4.3).
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: splitTransports(passkey.transports) })),
    // A passkey is a discoverable credential with user verification: it replaces a password, not a second factor.
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
    supportedAlgorithmIDs: [...SUPPORTED_ALGORITHMS],
  })
  return { options, browserSecret: sealNewChallenge(options.challenge, { purpose: 'register', userId: user.id }, now) }
}

/** "direct" for verified models, "enterprise" where the organisation set it up for its listed models, else "none". */
function conveyance(policy: Pick<Policy, 'authenticators'>): 'none' | 'direct' | 'enterprise' {
  if (!policy.authenticators.verified) return 'none'
  return policy.authenticators.enterprise ? 'enterprise' : 'direct'
}

export type RegisteredPasskey = {
  id: string
  name: string
  credentialId: string
  providerName: string | null
  synced: boolean
  /** The model as its attestation proved it; null when the AAGUID is the authenticator's claim. */
  verifiedModel: string | null
}

/** The name a new passkey gets: its provider's ("Google Password Manager"), else browser and OS ("Chrome on Linux"). */
export function defaultPasskeyName(aaguid: string, userAgent: string | null, taken: string[]): string {
  const base = (passkeyProvider(aaguid).name ?? describeUserAgent(userAgent).replace(/^an unknown browser$/, 'Passkey')).slice(0, PASSKEY_NAME_MAX - 4)
  if (!taken.includes(base)) return base
  for (let number = 2; ; number += 1) if (!taken.includes(`${base} ${number}`)) return `${base} ${number}`
}

type ConsumedRegistration = { challenge: string }

/**
 * Checks the browser's attestation against the registration challenge this
 * browser was given (consumed here, whatever the outcome) and stores the passkey.
 */
export async function finishPasskeyRegistration(input: {
  userId: string
  browserSecret: string
  response: RegistrationResponse
  context: RequestContext
  /** Records the passkey added, in the transaction that stores it; a refusal is the caller's to record. */
  audit: Audit
  /** The policy of the user's group: which authenticators it accepts. */
  policy?: Policy
  now?: Date
}): Promise<{ ok: true; passkey: RegisteredPasskey } | { ok: false; reason: PasskeyFailure }> {
  const now = input.now ?? new Date()
  // Only a challenge issued to this account for a new passkey opens, and only its first answer claims it.
  const claim = claimChallenge(input.browserSecret, { purpose: 'register', userId: input.userId }, now)
  const [consumed] = claim ? await db().$queryRaw<ConsumedRegistration[]>(claim) : []
  if (!consumed) return { ok: false, reason: 'passkey_expired' }

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
  const policy = input.policy ?? DEFAULT_POLICY
  // Under "verified authenticators only" the model is proven by its attestation chain before any list is asked about it.
  const verified = policy.authenticators.verified ? await verifyAuthenticatorModel(policy, info) : null
  if (verified && !verified.ok) return verified
  // Synced or device-bound comes from the backup-eligible flag (§6.1.3); the AAGUID is the authenticator's
  // own claim unless it was verified above.
  const allowed = authenticatorAllowed(policy, { aaguid: info.aaguid, backupEligible: info.credentialDeviceType === 'multiDevice' })
  if (!allowed.ok) return allowed

  const taken = await db().passkey.findMany({ where: { userId: input.userId }, select: { name: true, credentialId: true } })
  // The authenticator may ignore excludeCredentials; the unique index is the final word.
  if (taken.some((passkey) => passkey.credentialId === info.credential.id)) return { ok: false, reason: 'passkey_exists' }
  const name = defaultPasskeyName(
    info.aaguid,
    input.context.userAgent,
    taken.map((passkey) => passkey.name),
  )
  try {
    const passkey = await db().$transaction(async (tx): Promise<RegisteredPasskey> => {
      const created = await tx.passkey.create({
        data: {
          userId: input.userId,
          credentialId: info.credential.id,
          publicKey: new Uint8Array(info.credential.publicKey),
          counter: BigInt(info.credential.counter),
          aaguid: info.aaguid,
          verifiedModel: verified?.model.description ?? null,
          name,
          transports: (input.response.response.transports ?? []).join(',') || null,
          backupEligible: info.credentialDeviceType === 'multiDevice',
          backedUp: info.credentialBackedUp,
          createdAt: now,
          createdIp: input.context.ipAddress,
          createdUserAgent: input.context.userAgent,
          // The families only, from the parser's tables: the dashboard's enrolment by device (lib/auth/session/device-report.ts).
          ...createdOn(input.context.userAgent),
        },
        select: { id: true, name: true, credentialId: true, aaguid: true, backupEligible: true, verifiedModel: true },
      })
      const detail = {
        passkeyId: created.id,
        name: created.name,
        synced: created.backupEligible,
        ...(verified ? { verifiedModel: verified.model.description } : {}),
      }
      await input.audit({ type: 'passkey_added', result: 'success', userId: input.userId, detail }, tx)
      return {
        id: created.id,
        name: created.name,
        credentialId: created.credentialId,
        providerName: passkeyProvider(created.aaguid).name,
        synced: created.backupEligible,
        verifiedModel: created.verifiedModel,
      }
    })
    return { ok: true, passkey }
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return { ok: false, reason: 'passkey_exists' }
    throw error
  }
}
