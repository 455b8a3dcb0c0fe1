import 'server-only'
import { convertCertBufferToPEM, decodeAttestationObject, getCertificateInfo, validateCertificatePath } from '@simplewebauthn/server/helpers'
import { db } from '../db'
import { CERTIFICATION_LEVELS, type Policy } from '../policy/schema'
import { COMPROMISED_STATUSES } from './metadata-blob'

/**
 * The model check of "verified authenticators only" (ADR 35), after
 * SimpleWebAuthn has verified the attestation statement itself (its
 * signature by the leaf certificate and, for packed, the leaf's AAGUID
 * extension, WebAuthn §8.2.1). What it cannot know is which roots a model's
 * chain must lead to: that is the model's entry in the FIDO metadata in use.
 */

export type AttestationRefusal = 'attestation_missing' | 'authenticator_unverified' | 'authenticator_below_level' | 'authenticator_compromised'

export type VerifiedModel = { aaguid: string; description: string }

type Registration = { fmt: string; aaguid: string; attestationObject: Uint8Array }

const pem = (base64Der: string) => `-----BEGIN CERTIFICATE-----\n${base64Der.replace(/\s+/g, '').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`

const COMPROMISED: readonly string[] = COMPROMISED_STATUSES

/** The attestation chain (x5c) of a full or CA attestation; none for "none" and self attestation, which prove no model. */
function attestationChain(registration: Registration): Uint8Array[] {
  if (registration.fmt === 'none') return []
  const statement = decodeAttestationObject(new Uint8Array(registration.attestationObject)).get('attStmt')
  const x5c = statement.get('x5c')
  return Array.isArray(x5c) ? x5c : []
}

/** id-fido-gen-ce-aaguid (WebAuthn §8.2.1): the model an attestation certificate vouches for. */
const ID_FIDO_GEN_CE_AAGUID = '1.3.6.1.4.1.45724.1.1.4'

/**
 * The AAGUID the leaf certificate names, or null without the extension.
 * SimpleWebAuthn compares it with the authenticator data only when present;
 * a root often serves a vendor's every model, so without it one model's
 * attestation key could stand for another: verified models must carry it.
 */
function certifiedAaguid(leaf: Uint8Array): string | null {
  const extension = getCertificateInfo(new Uint8Array(leaf)).parsedCertificate.tbsCertificate.extensions?.find(
    (candidate) => candidate.extnID === ID_FIDO_GEN_CE_AAGUID,
  )
  if (!extension) return null
  // The value is itself DER: an OCTET STRING (0x04) of the 16 bytes.
  const value = Buffer.from(extension.extnValue.buffer)
  if (value.length !== 18 || value[0] !== 0x04 || value[1] !== 0x10) return null
  const hex = value.subarray(2).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export async function verifyAuthenticatorModel(
  policy: Pick<Policy, 'authenticators'>,
  registration: Registration,
): Promise<{ ok: true; model: VerifiedModel } | { ok: false; reason: AttestationRefusal }> {
  const chain = attestationChain(registration)
  if (chain.length === 0) return { ok: false, reason: 'attestation_missing' }
  if (certifiedAaguid(chain[0]!) !== registration.aaguid.toLowerCase()) return { ok: false, reason: 'authenticator_unverified' }
  const model = await db().authenticatorModel.findUnique({
    where: { aaguid: registration.aaguid.toLowerCase() },
    select: { aaguid: true, description: true, status: true, certificationLevel: true, statement: true },
  })
  if (!model) return { ok: false, reason: 'authenticator_unverified' }
  const statement = JSON.parse(model.statement) as { attestationTypes: string[]; attestationRootCertificates: string[] }
  // A model that declares no full or CA attestation, or names no root, cannot have its chain checked.
  const attests = statement.attestationTypes.some((type) => type === 'basic_full' || type === 'attca')
  if (!attests || statement.attestationRootCertificates.length === 0) return { ok: false, reason: 'authenticator_unverified' }
  try {
    // MDS3 §4: the chain must lead to one of the model's attestationRootCertificates.
    await validateCertificatePath(
      chain.map((der) => convertCertBufferToPEM(new Uint8Array(der))),
      statement.attestationRootCertificates.map(pem),
    )
  } catch {
    return { ok: false, reason: 'authenticator_unverified' }
  }
  if (COMPROMISED.includes(model.status)) return { ok: false, reason: 'authenticator_compromised' }
  const level = model.certificationLevel ? CERTIFICATION_LEVELS.indexOf(model.certificationLevel as (typeof CERTIFICATION_LEVELS)[number]) : -1
  if (level < CERTIFICATION_LEVELS.indexOf(policy.authenticators.minimumCertification)) return { ok: false, reason: 'authenticator_below_level' }
  return { ok: true, model: { aaguid: model.aaguid, description: model.description } }
}
