import 'server-only'
import { X509Certificate } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { SettingsService } from '@simplewebauthn/server'
import { verifyMDSBlob } from '@simplewebauthn/server/helpers'
import { z } from 'zod'
import { env } from '../env'
import { CERTIFICATION_LEVELS, type CertificationLevel } from '../policy/schema'

/**
 * The FIDO Metadata Service BLOB (MDS3 §3.1.7): a JWT whose x5c chain must
 * lead to the FIDO Alliance root, or to the root the organisation configures
 * (FIDO_MDS_ROOT_FILE, for a private or test metadata service). Only what
 * the portal uses is kept of each FIDO2 entry: its description, its latest
 * status, its certification level and its statement (attestation roots).
 */

/** Statuses that mean a model's passkeys can no longer be trusted (MDS3 §3.1.4 AuthenticatorStatus). */
export const COMPROMISED_STATUSES = [
  'USER_VERIFICATION_BYPASS',
  'ATTESTATION_KEY_COMPROMISE',
  'USER_KEY_REMOTE_COMPROMISE',
  'USER_KEY_PHYSICAL_COMPROMISE',
  'REVOKED',
] as const

export type AuthenticatorModelEntry = {
  aaguid: string
  description: string
  status: string
  certificationLevel: CertificationLevel | null
  statement: { attestationTypes: string[]; attestationRootCertificates: string[] }
}

export type VerifiedBlob = { no: number; nextUpdate: Date; models: AuthenticatorModelEntry[] }

export type BlobRefusal = 'signature_invalid' | 'malformed'

const AAGUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

// Generous bounds: an entry of a FIDO2 model (one with an AAGUID) that does not fit them refuses the whole BLOB,
// rather than dropping the model (and any recall of it) without a word.
const entrySchema = z.object({
  aaguid: z.string().toLowerCase().regex(AAGUID),
  metadataStatement: z.object({
    description: z.string().max(2_000),
    attestationTypes: z.array(z.string().max(40)).max(20),
    attestationRootCertificates: z.array(z.string().max(50_000)).max(100),
  }),
  statusReports: z
    .array(z.object({ status: z.string().max(60), effectiveDate: z.string().max(20).optional() }))
    .min(1)
    .max(500),
})

const payloadSchema = z.object({
  // The serial is stored as a 32-bit integer on both databases.
  no: z.number().int().positive().max(2_147_483_647),
  nextUpdate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  entries: z.array(z.unknown()).max(20_000),
})

/** The FIDO Alliance signs its BLOB with this name under its roots (MDS3 §3.1.7); a private service's root names its own signer. */
export const FIDO_BLOB_SIGNER = 'mds.fidoalliance.org'

// "FIDO_CERTIFIED" predates levels and stands for Level 1 (MDS3 §3.1.4).
const LEVEL_OF: Record<string, CertificationLevel> = {
  FIDO_CERTIFIED: 'L1',
  ...Object.fromEntries(CERTIFICATION_LEVELS.map((level) => [`FIDO_CERTIFIED_${level}`, level])),
}

/**
 * The highest level any report gave, and the model's status: its latest
 * compromise or revocation if it ever had one (a later "update available"
 * or re-certification leaves the units nobody updated as they were), else
 * its latest report (by effective date, then order).
 */
function modelOf(entry: z.output<typeof entrySchema>): AuthenticatorModelEntry {
  const reports = entry.statusReports.map((report, order) => ({ ...report, order }))
  reports.sort((a, b) => (a.effectiveDate ?? '').localeCompare(b.effectiveDate ?? '') || a.order - b.order)
  const compromises = reports.filter((report) => (COMPROMISED_STATUSES as readonly string[]).includes(report.status))
  const levels = reports.map((report) => LEVEL_OF[report.status]).filter((level): level is CertificationLevel => level !== undefined)
  const highest = levels.sort((a, b) => CERTIFICATION_LEVELS.indexOf(b) - CERTIFICATION_LEVELS.indexOf(a))[0] ?? null
  return {
    aaguid: entry.aaguid,
    description: entry.metadataStatement.description,
    status: (compromises.at(-1) ?? reports.at(-1)!).status,
    certificationLevel: highest,
    statement: {
      attestationTypes: entry.metadataStatement.attestationTypes,
      attestationRootCertificates: entry.metadataStatement.attestationRootCertificates,
    },
  }
}

/**
 * The BLOB's trust anchor: the configured root file, else the library's FIDO
 * Alliance roots. Read at each refresh (hourly at most), so replacing the
 * file needs no restart.
 */
/**
 * The FIDO roots are public web roots: any certificate under them would
 * otherwise sign a BLOB the portal trusts. So the leaf must be the one the
 * expected signer's name is on: the FIDO Alliance's by default, the
 * configured one (FIDO_MDS_SIGNER) with a private root, or any leaf under a
 * private root when no name is configured for it.
 */
export function signedBy(jwt: string, expected: string | null): boolean {
  if (expected === null) return true
  const header = JSON.parse(Buffer.from(jwt.trim().split('.')[0] ?? '', 'base64url').toString('utf8')) as { x5c?: unknown }
  const leaf = Array.isArray(header.x5c) && typeof header.x5c[0] === 'string' ? new X509Certificate(Buffer.from(header.x5c[0], 'base64')) : null
  if (!leaf) return false
  return leaf.subject.split('\n').some((part) => part === `CN=${expected}`)
}

function expectedSigner(): string | null {
  const { rootFile, signer } = env().authenticatorMetadata
  return signer ?? (rootFile ? null : FIDO_BLOB_SIGNER)
}

async function trustConfiguredRoot(): Promise<void> {
  const { rootFile } = env().authenticatorMetadata
  if (!rootFile) return
  // Never an empty list: SimpleWebAuthn skips the chain check when it has no root at all.
  SettingsService.setRootCertificates({ identifier: 'mds', certificates: [await readFile(rootFile, 'utf8')] })
}

/**
 * Checks the BLOB's chain and signature (MDS3 §3.2: a BLOB that does not
 * verify is ignored) and reads its FIDO2 entries. Entries without an AAGUID
 * (U2F, UAF) or without a statement are left out.
 */
export async function verifyMetadataBlob(jwt: string): Promise<{ ok: true; blob: VerifiedBlob } | { ok: false; reason: BlobRefusal }> {
  let payload: unknown
  try {
    // An unreadable root file refuses the BLOB like a bad chain: nothing unverified is ever stored.
    await trustConfiguredRoot()
    payload = (await verifyMDSBlob(jwt.trim())).payload
    if (!signedBy(jwt, expectedSigner())) return { ok: false, reason: 'signature_invalid' }
  } catch {
    return { ok: false, reason: 'signature_invalid' }
  }
  const parsed = payloadSchema.safeParse(payload)
  if (!parsed.success) return { ok: false, reason: 'malformed' }
  // A later entry for the same AAGUID replaces an earlier one.
  const models = new Map<string, AuthenticatorModelEntry>()
  for (const raw of parsed.data.entries) {
    // U2F and UAF entries have no AAGUID: this portal has no use for them.
    if (typeof raw !== 'object' || raw === null || !('aaguid' in raw)) continue
    const entry = entrySchema.safeParse(raw)
    if (!entry.success) return { ok: false, reason: 'malformed' }
    models.set(entry.data.aaguid, modelOf(entry.data))
  }
  const [year, month, day] = parsed.data.nextUpdate.split('-').map(Number) as [number, number, number]
  return { ok: true, blob: { no: parsed.data.no, nextUpdate: new Date(Date.UTC(year, month - 1, day)), models: [...models.values()] } }
}
