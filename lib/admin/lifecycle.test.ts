import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { issueSession } from '../auth/session/store'
import { db } from '../db'
import { deprovisionPerson, reactivatePerson, removePersonPasskey, signOutPerson, suspendPerson } from './lifecycle'

/**
 * An administrator's changes to someone's account: each with its history row
 * naming the administrator, and a notice to the person once it has committed.
 */

const unique = () => Math.random().toString(36).slice(2, 10)
const request = { ipAddress: '203.0.113.7', userAgent: 'vitest' }

async function person() {
  return db().user.create({ data: { email: `person-${unique()}@example.com`, emailVerifiedAt: new Date() }, select: { id: true, email: true } })
}

async function administrator() {
  const user = await db().user.create({
    data: { email: `admin-${unique()}@example.com`, role: 'admin', groupId: 'administrators' },
    select: { id: true, email: true },
  })
  return { user, sessionId: `admin-session-${unique()}` }
}

async function passkeyOf(userId: string, name = 'Work laptop') {
  return db().passkey.create({
    data: {
      userId,
      credentialId: `cred-${unique()}`,
      publicKey: new Uint8Array([1]),
      aaguid: '0',
      name,
      backupEligible: false,
      backedUp: false,
      createdAt: new Date(),
    },
    select: { id: true },
  })
}

const rowsOf = (userId: string, type: string) =>
  db().auditEvent.findMany({ where: { userId, type }, select: { result: true, actorId: true, sessionId: true, detail: true, ipAddress: true } })
const subjectsTo = async (to: string) => (await db().mailboxMessage.findMany({ where: { to }, select: { subject: true } })).map((message) => message.subject)
const statusOf = async (id: string) => (await db().user.findUniqueOrThrow({ where: { id }, select: { status: true } })).status

describe('suspending and reactivating', () => {
  it('suspending ends every session at once, is recorded with the administrator, and tells the person after the response', async () => {
    const admin = await administrator()
    const target = await person()
    await issueSession(target.id, 'passkey', request)
    await issueSession(target.id, 'email_code', request)
    const ctx = testContext({ caller: admin, request })

    expect(await suspendPerson({ userId: target.id }, admin, ctx)).toEqual({ ok: true, sessionsEnded: 2 })

    expect(await statusOf(target.id)).toBe('suspended')
    expect(await db().session.count({ where: { userId: target.id } })).toBe(0)
    const [row] = await rowsOf(target.id, 'account_suspended')
    expect(row).toMatchObject({ result: 'success', actorId: admin.user.id, sessionId: null, ipAddress: request.ipAddress })
    expect(JSON.parse(row!.detail!)).toEqual({ by: admin.user.email, sessionsEnded: 2 })
    expect(await subjectsTo(target.email)).toEqual([])
    expect(ctx.pending).toHaveLength(1)
    await ctx.runLater()
    expect(await subjectsTo(target.email)).toEqual(['Your account was suspended'])
  })

  it('goes active → suspended → active, and refuses each step from the wrong status or for an unknown account', async () => {
    const admin = await administrator()
    const target = await person()
    const ctx = testContext({ caller: admin, request })

    expect(await reactivatePerson({ userId: target.id }, admin, ctx)).toEqual({ ok: false, reason: 'person_wrong_status' })
    expect(await suspendPerson({ userId: target.id }, admin, ctx)).toEqual({ ok: true, sessionsEnded: 0 })
    expect(await suspendPerson({ userId: target.id }, admin, ctx)).toEqual({ ok: false, reason: 'person_wrong_status' })
    expect(await reactivatePerson({ userId: target.id }, admin, ctx)).toEqual({ ok: true })
    expect(await statusOf(target.id)).toBe('active')
    expect(await suspendPerson({ userId: 'nobody' }, admin, ctx)).toEqual({ ok: false, reason: 'person_not_found' })
    expect(await reactivatePerson({ userId: 'nobody' }, admin, ctx)).toEqual({ ok: false, reason: 'person_not_found' })

    // One row and one notice per change made; none for the refusals.
    expect(await rowsOf(target.id, 'account_suspended')).toHaveLength(1)
    const [reactivated] = await rowsOf(target.id, 'account_reactivated')
    expect(reactivated).toMatchObject({ result: 'success', actorId: admin.user.id })
    expect(JSON.parse(reactivated!.detail!)).toEqual({ by: admin.user.email })
    expect(ctx.pending).toHaveLength(2)
    await ctx.runLater()
    expect((await subjectsTo(target.email)).sort()).toEqual(['Your account was reactivated', 'Your account was suspended'])
  })
})

describe('deprovisioning', () => {
  it('needs the person’s address typed to confirm, and changes nothing without it', async () => {
    const admin = await administrator()
    const target = await person()
    const ctx = testContext({ caller: admin, request })

    expect(await deprovisionPerson({ userId: target.id, confirmation: 'someone-else@example.com' }, admin, ctx)).toEqual({
      ok: false,
      reason: 'person_confirmation',
    })
    expect(await deprovisionPerson({ userId: 'nobody', confirmation: target.email }, admin, ctx)).toEqual({ ok: false, reason: 'person_not_found' })
    expect(await statusOf(target.id)).toBe('active')
    expect(await rowsOf(target.id, 'account_deprovisioned')).toEqual([])
    expect(ctx.pending).toEqual([])
  })

  it('removes passkeys and sessions, keeps the row under a placeholder, tells the old address, and is final', async () => {
    const admin = await administrator()
    const target = await person()
    await passkeyOf(target.id)
    await issueSession(target.id, 'passkey', request)
    const phone = `+447400${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`
    await db().user.update({ where: { id: target.id }, data: { phone, phoneVerifiedAt: new Date() } })
    const ctx = testContext({ caller: admin, request })

    expect(await deprovisionPerson({ userId: target.id, confirmation: `  ${target.email.toUpperCase()} ` }, admin, ctx)).toEqual({ ok: true })

    const account = await db().user.findUniqueOrThrow({ where: { id: target.id }, select: { status: true, email: true, formerEmail: true, phone: true } })
    // The phone number is freed with the address: whoever holds it next can add it.
    expect(account).toEqual({ status: 'deprovisioned', email: `deprovisioned-${target.id}@invalid`, formerEmail: target.email, phone: null })
    expect(await db().passkey.count({ where: { userId: target.id } })).toBe(0)
    expect(await db().session.count({ where: { userId: target.id } })).toBe(0)
    const [row] = await rowsOf(target.id, 'account_deprovisioned')
    expect(row).toMatchObject({ result: 'success', actorId: admin.user.id })
    await ctx.runLater()
    expect(await subjectsTo(target.email)).toEqual(['Your account was closed'])

    // Nothing brings it back.
    expect(await deprovisionPerson({ userId: target.id, confirmation: account.email }, admin, ctx)).toEqual({ ok: false, reason: 'person_wrong_status' })
    expect(await reactivatePerson({ userId: target.id }, admin, ctx)).toEqual({ ok: false, reason: 'person_wrong_status' })
    expect(await suspendPerson({ userId: target.id }, admin, ctx)).toEqual({ ok: false, reason: 'person_wrong_status' })
    expect(await statusOf(target.id)).toBe('deprovisioned')
    expect(ctx.pending).toEqual([])
  })
})

describe('signing someone out everywhere', () => {
  it('ends every session and tells the person; with none to end it is still recorded, and nobody is told', async () => {
    const admin = await administrator()
    const target = await person()
    await issueSession(target.id, 'passkey', request)
    const ctx = testContext({ caller: admin, request })

    expect(await signOutPerson({ userId: target.id }, admin, ctx)).toEqual({ ok: true, sessionsEnded: 1 })
    expect(await db().session.count({ where: { userId: target.id } })).toBe(0)
    expect(ctx.pending).toHaveLength(1)
    await ctx.runLater()
    expect(await subjectsTo(target.email)).toEqual(['You were signed out everywhere'])

    expect(await signOutPerson({ userId: target.id }, admin, ctx)).toEqual({ ok: true, sessionsEnded: 0 })
    expect(ctx.pending).toEqual([])
    const rows = await rowsOf(target.id, 'account_signed_out')
    expect(rows.map((row) => JSON.parse(row.detail!))).toEqual(
      expect.arrayContaining([
        { by: admin.user.email, count: 1 },
        { by: admin.user.email, count: 0 },
      ]),
    )
    expect(rows.every((row) => row.actorId === admin.user.id)).toBe(true)
  })
})

describe('removing someone’s passkey', () => {
  it('removes only that person’s passkey, records it, and tells them', async () => {
    const admin = await administrator()
    const target = await person()
    const other = await person()
    const passkey = await passkeyOf(target.id, 'Office key')
    const theirs = await passkeyOf(other.id)
    const ctx = testContext({ caller: admin, request })

    expect(await removePersonPasskey({ userId: target.id, passkeyId: theirs.id }, admin, ctx)).toEqual({ ok: false, reason: 'passkey_not_found' })
    expect(await db().passkey.count({ where: { id: theirs.id } })).toBe(1)
    expect(ctx.pending).toEqual([])

    expect(await removePersonPasskey({ userId: target.id, passkeyId: passkey.id }, admin, ctx)).toEqual({ ok: true, name: 'Office key' })
    expect(await db().passkey.count({ where: { userId: target.id } })).toBe(0)
    const [row] = await rowsOf(target.id, 'passkey_removed')
    expect(row).toMatchObject({ result: 'success', actorId: admin.user.id })
    expect(JSON.parse(row!.detail!)).toEqual({ passkeyId: passkey.id, name: 'Office key', by: admin.user.email })
    await ctx.runLater()
    expect(await subjectsTo(target.email)).toEqual(['A passkey was removed from your account'])
  })
})
