import 'server-only'
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

const entrySchema = z.object({
  aaguid: z.string().toLowerCase().regex(AAGUID).optional(),
  metadataStatement: z
    .object({
      description: z.string().max(500),
      attestationTypes: z.array(z.string().max(40)).max(10),
      attestationRootCertificates: z.array(z.string().max(20_000)).max(20),
    })
    .optional(),
  statusReports: z.array(z.object({ status: z.string().max(60), effectiveDate: z.string().max(20).optional() })).max(100),
})

const payloadSchema = z.object({
  no: z.number().int().positive(),
  nextUpdate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  entries: z.array(z.unknown()).max(20_000),
})

// "FIDO_CERTIFIED" predates levels and stands for Level 1 (MDS3 §3.1.4).
const LEVEL_OF: Record<string, CertificationLevel> = {
  FIDO_CERTIFIED: 'L1',
  ...Object.fromEntries(CERTIFICATION_LEVELS.map((level) => [`FIDO_CERTIFIED_${level}`, level])),
}

/** The highest level any report gave; the latest report (by effective date, then order) is the model's status. */
function modelOf(entry: z.output<typeof entrySchema>): AuthenticatorModelEntry | null {
  if (!entry.aaguid || !entry.metadataStatement || entry.statusReports.length === 0) return null
  const reports = entry.statusReports.map((report, order) => ({ ...report, order }))
  reports.sort((a, b) => (a.effectiveDate ?? '').localeCompare(b.effectiveDate ?? '') || a.order - b.order)
  const levels = reports.map((report) => LEVEL_OF[report.status]).filter((level): level is CertificationLevel => level !== undefined)
  const highest = levels.sort((a, b) => CERTIFICATION_LEVELS.indexOf(b) - CERTIFICATION_LEVELS.indexOf(a))[0] ?? null
  return {
    aaguid: entry.aaguid,
    description: entry.metadataStatement.description,
    status: reports[reports.length - 1]!.status,
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
  } catch {
    return { ok: false, reason: 'signature_invalid' }
  }
  const parsed = payloadSchema.safeParse(payload)
  if (!parsed.success) return { ok: false, reason: 'malformed' }
  const models: AuthenticatorModelEntry[] = []
  for (const raw of parsed.data.entries) {
    const entry = entrySchema.safeParse(raw)
    const model = entry.success ? modelOf(entry.data) : null
    if (model) models.push(model)
  }
  const [year, month, day] = parsed.data.nextUpdate.split('-').map(Number) as [number, number, number]
  return { ok: true, blob: { no: parsed.data.no, nextUpdate: new Date(Date.UTC(year, month - 1, day)), models } }
}
