import 'server-only'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { metrics } from '../ops/metrics'
import { takeWorkLock } from '../work-lock'
import { COMPROMISED_STATUSES, verifyMetadataBlob, type BlobRefusal, type VerifiedBlob } from './metadata-blob'
import { metadataSourceConfigured, readMetadataSource } from './metadata-source'

/**
 * Keeps the FIDO metadata current (MDS3 §3.2): the BLOB is read again once
 * its nextUpdate has passed, and only a BLOB whose chain and signature verify
 * and whose serial number is higher replaces the copy in use. The copy lives
 * in the database, so every instance verifies attestations against the same
 * one. A model the new BLOB reports compromised or revoked starts a recall.
 */

export const METADATA_ID = 'mds'
/** A refresh that failed, or found nothing newer, is tried again an hour later, not every minute. */
const RETRY_MS = 60 * 60_000
const METADATA_LOCK = 7_231_959
const INSERT_BATCH = 200

export type MetadataRefusal = 'fetch_failed' | BlobRefusal | 'not_newer'

export type MetadataRefreshOutcome =
  | { outcome: 'not_due' }
  | { outcome: 'unchanged' }
  | { outcome: 'loaded'; blobNo: number; models: number; recalled: string[] }
  | { outcome: 'refused'; reason: MetadataRefusal }

const COMPROMISED: readonly string[] = COMPROMISED_STATUSES

/**
 * Refreshes when due (or when `force`, an administrator's "check now").
 * `readSource` stands for the configured URL or file.
 */
export async function refreshAuthenticatorMetadata(
  options: { now?: Date; force?: boolean; readSource?: () => Promise<string | null> } = {},
): Promise<MetadataRefreshOutcome> {
  const now = options.now ?? new Date()
  if (!options.readSource && !metadataSourceConfigured()) return { outcome: 'not_due' }
  const current = await db().authenticatorMetadata.findUnique({ where: { id: METADATA_ID } })
  if (!options.force && current && (now < current.nextUpdate || now.getTime() - current.lastAttemptAt.getTime() < RETRY_MS)) {
    return { outcome: 'not_due' }
  }
  const text = await (options.readSource ?? readMetadataSource)()
  if (text === null) return refuse('fetch_failed', now)
  const verified = await verifyMetadataBlob(text)
  if (!verified.ok) return refuse(verified.reason, now)
  const blob = verified.blob
  if (current && blob.no < current.blobNo) return refuse('not_newer', now)
  if (current && blob.no === current.blobNo) {
    await db().authenticatorMetadata.update({ where: { id: METADATA_ID }, data: { lastAttemptAt: now, lastFailure: null } })
    metrics().metadataRefreshes.inc({ outcome: 'unchanged' })
    return { outcome: 'unchanged' }
  }
  const outcome = await db().$transaction((tx) => store(tx, blob, now), { timeout: 60_000 })
  metrics().metadataRefreshes.inc({ outcome: outcome.outcome })
  return outcome
}

type Tx = Parameters<Parameters<ReturnType<typeof db>['$transaction']>[0]>[0]

async function store(tx: Tx, blob: VerifiedBlob, now: Date): Promise<MetadataRefreshOutcome> {
  await takeWorkLock(tx, METADATA_LOCK)
  // Another instance may have stored this BLOB (or a newer one) while this one verified it.
  const current = await tx.authenticatorMetadata.findUnique({ where: { id: METADATA_ID }, select: { blobNo: true } })
  if (current && current.blobNo >= blob.no) return { outcome: 'unchanged' }
  const wasCompromised = new Set(
    (await tx.authenticatorModel.findMany({ where: { status: { in: [...COMPROMISED] } }, select: { aaguid: true } })).map((model) => model.aaguid),
  )
  const recalls = new Set((await tx.authenticatorRecall.findMany({ select: { aaguid: true } })).map((recall) => recall.aaguid))
  await tx.authenticatorModel.deleteMany({})
  const rows = blob.models.map((model) => ({
    aaguid: model.aaguid,
    description: model.description,
    status: model.status,
    certificationLevel: model.certificationLevel,
    statement: JSON.stringify(model.statement),
    blobNo: blob.no,
  }))
  for (let start = 0; start < rows.length; start += INSERT_BATCH) {
    await tx.authenticatorModel.createMany({ data: rows.slice(start, start + INSERT_BATCH) })
  }
  const data = { blobNo: blob.no, nextUpdate: blob.nextUpdate, loadedAt: now, lastAttemptAt: now, lastFailure: null }
  await tx.authenticatorMetadata.upsert({ where: { id: METADATA_ID }, create: { id: METADATA_ID, ...data }, update: data })
  const recalled: string[] = []
  for (const model of blob.models) {
    if (!COMPROMISED.includes(model.status) || wasCompromised.has(model.aaguid) || recalls.has(model.aaguid)) continue
    await tx.authenticatorRecall.create({ data: { aaguid: model.aaguid, status: model.status, foundAt: now } })
    const detail = { aaguid: model.aaguid, model: model.description, status: model.status }
    await recordEvent({ type: 'authenticator_recalled', result: 'success', detail }, now, tx)
    recalled.push(model.aaguid)
  }
  await recordEvent({ type: 'authenticator_metadata_loaded', result: 'success', detail: { blobNo: blob.no, models: rows.length } }, now, tx)
  return { outcome: 'loaded', blobNo: blob.no, models: rows.length, recalled }
}

/** Keeps the copy in use and says why, for the administrators' page, the metric and the history. */
async function refuse(reason: MetadataRefusal, now: Date): Promise<MetadataRefreshOutcome> {
  const attempt = { lastAttemptAt: now, lastFailure: reason }
  // Before any BLOB was loaded the row records only the attempt: serial 0 and a due date in the past.
  await db().authenticatorMetadata.upsert({
    where: { id: METADATA_ID },
    create: { id: METADATA_ID, blobNo: 0, nextUpdate: new Date(0), loadedAt: new Date(0), ...attempt },
    update: attempt,
  })
  await recordEvent({ type: 'authenticator_metadata_loaded', result: 'failure', reason: `metadata_${reason}` }, now)
  metrics().metadataRefreshes.inc({ outcome: reason })
  return { outcome: 'refused', reason }
}
