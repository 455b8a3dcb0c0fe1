import { describe, expect, it } from 'vitest'
import { db } from '../db'
import { startPasskeyAuthentication, verifyPasskeyAuthentication } from '../auth/passkeys/authentication'
import { enrolSoftPasskey, newPerson, softAnswer, type TestPerson } from '../../testing/passkeys'
import { testContext, TEST_REQUEST } from '../../testing/use-case'
import { notifyRecallHolders, removeRecalledPasskeys, scheduleRecallRevocation } from './recall'

const RECALLED = '2fc0579f-8113-47ea-b116-bb5a8db9202a'
const OTHER = 'cb69481e-8ff7-4039-93ec-0a2729a154a8'
const admin = { user: { email: 'it@example.com' } }
// An explicit clock: the recall is found on the 1st, the passkeys stop at the start of the 20th (UTC, the default zone).
const found = new Date('2026-12-01T10:00:00Z')
const stopMoment = new Date('2026-12-20T00:00:00Z')

async function recall() {
  await db().authenticatorModel.create({
    data: { aaguid: RECALLED, description: 'Test Key', status: 'REVOKED', certificationLevel: 'L2', statement: '{}', blobNo: 1 },
  })
  await db().authenticatorRecall.create({ data: { aaguid: RECALLED, status: 'REVOKED', foundAt: found } })
}

async function signIn(soft: Awaited<ReturnType<typeof enrolSoftPasskey>>['soft'], now: Date) {
  const { options, browserSecret } = await startPasskeyAuthentication({ purpose: 'sign_in' }, now)
  return verifyPasskeyAuthentication({ purpose: 'sign_in', browserSecret, response: softAnswer(soft, options.challenge), context: TEST_REQUEST, now })
}

describe('a recalled authenticator model', () => {
  let holder: TestPerson
  let recalled: Awaited<ReturnType<typeof enrolSoftPasskey>>
  let other: Awaited<ReturnType<typeof enrolSoftPasskey>>

  it('tells every holder once, in the outbox, and records it', async () => {
    await recall()
    holder = await newPerson()
    recalled = await enrolSoftPasskey(holder, { aaguid: RECALLED })
    other = await enrolSoftPasskey(holder, { aaguid: OTHER })
    const bystander = await newPerson()
    await enrolSoftPasskey(bystander, { aaguid: OTHER })
    await db().outboxMessage.deleteMany({})

    const ctx = testContext()
    expect(await notifyRecallHolders({ aaguid: RECALLED }, admin, ctx, found)).toEqual({ ok: true, people: 1 })
    const queued = (await db().outboxMessage.findMany({ select: { payload: true } })).map((row) => JSON.parse(row.payload))
    expect(queued.map((notice) => notice.address)).toEqual([holder.email])
    expect(queued[0].notice.summary).toContain('Test Key')
    expect(queued[0].record).toMatchObject({ userId: holder.id, reason: 'authenticator_recalled' })
    expect(await db().authenticatorRecall.findUnique({ where: { aaguid: RECALLED }, select: { notifiedAt: true } })).toEqual({ notifiedAt: found })
    const history = await db().auditEvent.findFirst({ where: { type: 'authenticator_recall_notified' }, select: { detail: true } })
    expect(JSON.parse(history!.detail!)).toMatchObject({ aaguid: RECALLED, people: 1, by: admin.user.email })
  })

  it('refuses a day in the past, a bad day, an unknown recall and one whose holders were not told', async () => {
    const ctx = testContext()
    const untold = '3b24bf49-1d45-4484-a917-13175df0867b'
    await db().authenticatorRecall.create({ data: { aaguid: untold, status: 'REVOKED', foundAt: found } })
    expect(await scheduleRecallRevocation({ aaguid: untold, revokeOn: '2026-12-20' }, admin, ctx, found)).toEqual({ ok: false, reason: 'recall_not_told' })
    expect(await scheduleRecallRevocation({ aaguid: RECALLED, revokeOn: '2026-11-20' }, admin, ctx, found)).toEqual({ ok: false, reason: 'recall_date' })
    expect(await scheduleRecallRevocation({ aaguid: RECALLED, revokeOn: '2026-02-30' }, admin, ctx, found)).toEqual({ ok: false, reason: 'recall_date' })
    expect(await scheduleRecallRevocation({ aaguid: OTHER, revokeOn: '2026-12-20' }, admin, ctx, found)).toEqual({ ok: false, reason: 'recall_not_found' })
    expect(await db().passkey.count({ where: { revokeAt: { not: null } } })).toBe(0)
  })

  it('stops the model’s passkeys from the chosen day, and maintenance removes them', async () => {
    const ctx = testContext()
    // The break-glass account's key is kept: it has no other way in and no recovery.
    const breakGlass = await newPerson({ groupId: 'break-glass', role: 'admin' })
    const emergencyKey = await enrolSoftPasskey(breakGlass, { aaguid: RECALLED })
    expect(await scheduleRecallRevocation({ aaguid: RECALLED, revokeOn: '2026-12-20' }, admin, ctx, found)).toEqual({
      ok: true,
      revokeAt: stopMoment,
      passkeys: 1,
      breakGlassKept: 1,
    })
    expect(await db().passkey.findUnique({ where: { id: emergencyKey.passkeyId }, select: { revokeAt: true } })).toEqual({ revokeAt: null })

    const before = new Date(stopMoment.getTime() - 60_000)
    expect(await signIn(recalled.soft, before)).toMatchObject({ ok: true })
    expect(await removeRecalledPasskeys(before)).toBe(0)

    const after = new Date(stopMoment.getTime() + 60_000)
    expect(await signIn(recalled.soft, after)).toMatchObject({ ok: false, reason: 'passkey_recalled', userId: holder.id })
    expect(await signIn(other.soft, after)).toMatchObject({ ok: true })

    expect(await removeRecalledPasskeys(after)).toBe(1)
    expect(await db().passkey.findMany({ where: { userId: holder.id }, select: { id: true } })).toEqual([{ id: other.passkeyId }])
    const removal = await db().auditEvent.findFirst({ where: { type: 'passkey_removed', userId: holder.id }, select: { reason: true } })
    expect(removal).toEqual({ reason: 'authenticator_recalled' })
    const scheduled = await db().auditEvent.findFirst({ where: { type: 'authenticator_recall_scheduled' }, select: { detail: true } })
    expect(JSON.parse(scheduled!.detail!)).toMatchObject({ aaguid: RECALLED, revokeAt: stopMoment.toISOString(), passkeys: 1 })
  })
})
