import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { makeTestMetadataService, type TestMetadataService } from '../../testing/metadata-service'

// Read by lib/env on first use, which comes after this.
const directory = mkdtempSync(path.join(tmpdir(), 'portal-mds-'))
const service: TestMetadataService = await makeTestMetadataService(directory)
process.env.FIDO_MDS_ROOT_FILE = service.rootFile

const { db } = await import('../db')
const { refreshAuthenticatorMetadata } = await import('./metadata-refresh')
const { signedBy } = await import('./metadata-blob')

const KEY = '2fc0579f-8113-47ea-b116-bb5a8db9202a'
const PHONE = 'ee882879-721c-4913-9775-3dfcce97072a'
const DAY = 86_400_000
const start = new Date('2026-12-01T09:00:00Z')
const at = (days: number) => new Date(start.getTime() + days * DAY)

const from = (text: string) => async () => text

async function state() {
  const metadata = await db().authenticatorMetadata.findUnique({ where: { id: 'mds' } })
  const models = await db().authenticatorModel.findMany({
    orderBy: { aaguid: 'asc' },
    select: { aaguid: true, status: true, certificationLevel: true, blobNo: true },
  })
  return { metadata, models }
}

const historyOf = (type: 'authenticator_metadata_loaded' | 'authenticator_recalled') =>
  db().auditEvent.findMany({ where: { type }, orderBy: { createdAt: 'asc' }, select: { result: true, reason: true, detail: true } })

describe('the FIDO metadata BLOB', () => {
  beforeAll(async () => {
    const first = service.blob(
      [service.model({ aaguid: KEY, description: 'Test Key', certificationLevel: 'L2' }), service.model({ aaguid: PHONE, description: 'Test Phone' })],
      { no: 40, nextUpdate: at(30) },
    )
    expect(await refreshAuthenticatorMetadata({ now: start, readSource: from(first) })).toEqual({ outcome: 'loaded', blobNo: 40, models: 2, recalled: [] })
  })

  it('stores the models of a BLOB whose chain and signature verify, for every instance to read', async () => {
    const { metadata, models } = await state()
    expect(metadata).toMatchObject({ blobNo: 40, nextUpdate: new Date('2026-12-31T00:00:00Z'), lastFailure: null })
    expect(models).toEqual([
      { aaguid: KEY, status: 'FIDO_CERTIFIED_L1', certificationLevel: 'L2', blobNo: 40 },
      { aaguid: PHONE, status: 'FIDO_CERTIFIED_L1', certificationLevel: 'L1', blobNo: 40 },
    ])
    expect(await historyOf('authenticator_metadata_loaded')).toEqual([{ result: 'success', reason: null, detail: JSON.stringify({ blobNo: 40, models: 2 }) }])
  })

  it('refuses a BLOB with a bad signature or from another root, and keeps the last good one in use', async () => {
    const before = (await state()).models
    const good = service.blob([service.model({ aaguid: KEY, description: 'Replaced' })], { no: 41, nextUpdate: at(60) })
    const [header, payload, signature] = good.split('.') as [string, string, string]
    const flipped = Buffer.from(signature, 'base64url')
    flipped.writeUInt8(flipped.readUInt8(10) ^ 0x01, 10)
    const tampered = `${header}.${payload}.${flipped.toString('base64url')}`
    const otherPayload = `${header}.${Buffer.from(JSON.stringify({ no: 99, nextUpdate: '2027-01-01', entries: [] })).toString('base64url')}.${signature}`
    const foreign = service.blob([service.model({ aaguid: KEY, description: 'Replaced' })], { no: 41, nextUpdate: at(60), foreign: true })

    for (const text of [tampered, otherPayload, foreign, 'not a jwt']) {
      expect(await refreshAuthenticatorMetadata({ now: at(1), force: true, readSource: from(text) })).toEqual({
        outcome: 'refused',
        reason: 'signature_invalid',
      })
    }
    expect(await refreshAuthenticatorMetadata({ now: at(1), force: true, readSource: async () => null })).toEqual({
      outcome: 'refused',
      reason: 'fetch_failed',
    })
    const after = await state()
    expect(after.models).toEqual(before)
    expect(after.metadata).toMatchObject({ blobNo: 40, lastFailure: 'fetch_failed', lastAttemptAt: at(1) })
    const failures = (await historyOf('authenticator_metadata_loaded')).filter((event) => event.result === 'failure')
    expect(failures.map((event) => event.reason).slice(0, 5)).toEqual([...Array(4).fill('metadata_signature_invalid'), 'metadata_fetch_failed'])
  })

  it('takes only the expected signer’s BLOB: the FIDO Alliance’s under the public roots, any under a private root', () => {
    const blob = service.blob([], { no: 1, nextUpdate: at(1) })
    expect(signedBy(blob, 'Test Metadata BLOB Signer')).toBe(true)
    expect(signedBy(blob, 'mds.fidoalliance.org')).toBe(false)
    expect(signedBy(blob, null)).toBe(true)
  })

  it('refuses a BLOB with a FIDO2 entry it cannot read, rather than dropping the model', async () => {
    const unreadable = { ...service.model({ aaguid: KEY, description: 'x'.repeat(3_000) }) }
    const text = service.blob([unreadable, service.model({ aaguid: PHONE, description: 'Test Phone' })], { no: 41, nextUpdate: at(60) })
    expect(await refreshAuthenticatorMetadata({ now: at(1), force: true, readSource: from(text) })).toEqual({ outcome: 'refused', reason: 'malformed' })
    expect((await state()).models.map((model) => model.aaguid)).toEqual([KEY, PHONE])
  })

  it('never goes back to an older BLOB', async () => {
    const older = service.blob([service.model({ aaguid: KEY, description: 'Old' })], { no: 39, nextUpdate: at(90) })
    expect(await refreshAuthenticatorMetadata({ now: at(2), force: true, readSource: from(older) })).toEqual({ outcome: 'refused', reason: 'not_newer' })
    expect((await state()).metadata?.blobNo).toBe(40)
  })

  it('reads the source only once the BLOB says the next one is due, and retries a failure an hour later', async () => {
    let reads = 0
    const counting = async () => {
      reads += 1
      return null
    }
    await db().authenticatorMetadata.update({ where: { id: 'mds' }, data: { lastAttemptAt: start, lastFailure: null } })
    expect(await refreshAuthenticatorMetadata({ now: at(29), readSource: counting })).toEqual({ outcome: 'not_due' })
    expect(reads).toBe(0)
    expect(await refreshAuthenticatorMetadata({ now: at(31), readSource: counting })).toEqual({ outcome: 'refused', reason: 'fetch_failed' })
    expect(await refreshAuthenticatorMetadata({ now: new Date(at(31).getTime() + 30 * 60_000), readSource: counting })).toEqual({ outcome: 'not_due' })
    expect(await refreshAuthenticatorMetadata({ now: new Date(at(31).getTime() + 61 * 60_000), readSource: counting })).toMatchObject({ outcome: 'refused' })
    expect(reads).toBe(2)
  })

  it('starts one recall when an update reports a model compromised, and only one', async () => {
    const update = service.blob(
      [
        service.model({ aaguid: KEY, description: 'Test Key', status: 'ATTESTATION_KEY_COMPROMISE', certificationLevel: 'L2' }),
        service.model({ aaguid: PHONE, description: 'Test Phone' }),
      ],
      { no: 42, nextUpdate: at(60) },
    )
    expect(await refreshAuthenticatorMetadata({ now: at(32), force: true, readSource: from(update) })).toEqual({
      outcome: 'loaded',
      blobNo: 42,
      models: 2,
      recalled: [KEY],
    })
    // A later report does not take a compromise back: units nobody updated are as they were.
    const later = service.model({ aaguid: PHONE, description: 'Test Phone' })
    later.statusReports = [
      { status: 'USER_VERIFICATION_BYPASS', effectiveDate: '2026-11-01' },
      { status: 'UPDATE_AVAILABLE', effectiveDate: '2026-11-20' },
    ] as typeof later.statusReports
    const again = service.blob([service.model({ aaguid: KEY, description: 'Test Key', status: 'REVOKED' }), later], { no: 43, nextUpdate: at(90) })
    expect(await refreshAuthenticatorMetadata({ now: at(33), force: true, readSource: from(again) })).toMatchObject({ outcome: 'loaded', recalled: [PHONE] })
    expect(await db().authenticatorRecall.findMany({ orderBy: { foundAt: 'asc' }, select: { aaguid: true, status: true, foundAt: true } })).toEqual([
      { aaguid: KEY, status: 'ATTESTATION_KEY_COMPROMISE', foundAt: at(32) },
      { aaguid: PHONE, status: 'USER_VERIFICATION_BYPASS', foundAt: at(33) },
    ])
    expect((await historyOf('authenticator_recalled'))[0]).toEqual({
      result: 'success',
      reason: null,
      detail: JSON.stringify({ aaguid: KEY, model: 'Test Key', status: 'ATTESTATION_KEY_COMPROMISE' }),
    })
  })
})
