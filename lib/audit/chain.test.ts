import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { deleteAccount } from '../account/deletion'
import { markSessionVerified } from '../auth/session/step-up'
import { db } from '../db'
import { sealPending } from './chain'
import { pruneSealed } from './retention'
import { describeProblem, verifyLog } from './verify'
import { recordEvent } from './record'

const NOW = new Date('2026-11-22T12:00:00Z')
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000)
const seconds = (n: number) => new Date(NOW.getTime() + n * 1000)

async function freshLog() {
  await db().auditEvent.deleteMany({})
  await db().auditCheckpoint.deleteMany({})
}

async function user(label: string) {
  return db().user.create({ data: { email: `${label}-${Math.random().toString(36).slice(2, 10)}@example.com` }, select: { id: true } })
}

async function writeEvents(userId: string, count: number, at = NOW) {
  for (let index = 0; index < count; index++) {
    await recordEvent(
      {
        type: 'sign_in',
        result: index % 3 ? 'success' : 'failure',
        userId,
        method: 'passkey',
        detail: { index },
        context: { ipAddress: '192.0.2.7', userAgent: 'UA' },
      },
      new Date(at.getTime() + index * 1000),
    )
  }
}

async function rowAt(seq: number) {
  return db().auditEvent.findUniqueOrThrow({ where: { seq }, select: { id: true, seq: true } })
}

describe('the sealed audit log', () => {
  beforeEach(freshLog)

  it('seals in time order with contiguous numbers and verifies', async () => {
    const { id } = await user('seal')
    await writeEvents(id, 12)
    expect(await sealPending(minutes(1))).toEqual({ sealed: 12, refused: 0 })
    const rows = await db().auditEvent.findMany({ orderBy: { seq: 'asc' }, select: { seq: true, createdAt: true, seal: true, digest: true } })
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1))
    expect(rows.every((row, index) => index === 0 || row.createdAt >= rows[index - 1]!.createdAt)).toBe(true)
    expect(new Set(rows.map((row) => row.seal)).size).toBe(12)
    expect(await verifyLog()).toEqual({ ok: true, rows: 12, unsealed: 0, from: 0 })

    // New rows continue the same chain in a second batch.
    await writeEvents(id, 3, minutes(2))
    expect(await verifyLog()).toMatchObject({ ok: true, rows: 12, unsealed: 3 })
    await sealPending(minutes(3))
    expect(await verifyLog()).toEqual({ ok: true, rows: 15, unsealed: 0, from: 0 })
  })

  it('names the row whose type, result, time, address or details were edited in the database', async () => {
    const { id } = await user('edit')
    const edits: [number, () => Promise<unknown>][] = [
      [4, () => db().$executeRawUnsafe(`UPDATE "AuditEvent" SET "result" = 'success' WHERE "seq" = 4`)],
      [7, () => db().$executeRawUnsafe(`UPDATE "AuditEvent" SET "detail" = '{"index":99}' WHERE "seq" = 7`)],
      [2, () => db().$executeRawUnsafe(`UPDATE "AuditEvent" SET "type" = 'sign_out' WHERE "seq" = 2`)],
      [9, () => db().auditEvent.update({ where: { seq: 9 }, data: { createdAt: minutes(-30) } })],
      [5, () => db().auditEvent.update({ where: { seq: 5 }, data: { ipAddress: '198.51.100.1' } })],
    ]
    for (const [seq, edit] of edits) {
      await freshLog()
      await writeEvents(id, 10)
      await sealPending(minutes(1))
      await edit()
      const report = await verifyLog()
      expect(report).toMatchObject({ ok: false, problem: { seq, eventId: (await rowAt(seq)).id, what: 'changed' } })
    }
  })

  it('finds a deleted row, a row slipped into the chain and an altered checkpoint', async () => {
    const { id } = await user('gaps')
    await writeEvents(id, 6)
    await sealPending(minutes(1))
    await db().auditEvent.delete({ where: { seq: 3 } })
    expect(await verifyLog()).toMatchObject({ ok: false, problem: { seq: 3, eventId: null, what: 'missing' } })

    await freshLog()
    await writeEvents(id, 4)
    await sealPending(minutes(1))
    const forged = await db().auditEvent.create({ data: { type: 'sign_in', result: 'success', seq: 5, seal: 'x', digest: 'y' }, select: { id: true } })
    expect(await verifyLog()).toMatchObject({ ok: false, problem: { seq: 5, eventId: forged.id, what: 'inserted' } })

    await freshLog()
    await writeEvents(id, 4)
    await sealPending(minutes(1))
    await db().auditCheckpoint.updateMany({ data: { rows: 3 } })
    expect(await verifyLog()).toMatchObject({ ok: false, problem: { seq: 4, what: 'checkpoint' } })
  })

  it('stays verifiable when an account is deleted (its rows erased) and when a session rotates on step-up', async () => {
    const leaving = await user('leaving')
    const staying = await user('staying')
    const session = await db().session.create({
      data: { id: `step-up-${staying.id}`, userId: staying.id, method: 'passkey', createdAt: NOW, lastSeenAt: NOW, expiresAt: minutes(600) },
      select: { id: true },
    })
    await writeEvents(leaving.id, 3)
    await recordEvent({ type: 'sign_in', result: 'success', userId: staying.id, sessionId: session.id }, NOW)
    await sealPending(minutes(1))
    await deleteAccount(leaving.id)
    expect(await markSessionVerified(staying.id, session.id, minutes(2))).not.toBeNull()
    // The deletion's own event is stamped by the clock, after the test's times.
    await sealPending(new Date(Date.now() + 60_000))
    expect(await db().auditEvent.count({ where: { redactedAt: { not: null }, userId: null } })).toBe(3)
    expect(await verifyLog()).toMatchObject({ ok: true, rows: 5 })

    // Erasure is all or nothing: an erased row whose details were written back no longer verifies.
    const erased = await db().auditEvent.findFirstOrThrow({ where: { redactedAt: { not: null } }, orderBy: { seq: 'asc' }, select: { id: true, seq: true } })
    await db().auditEvent.update({ where: { id: erased.id }, data: { detail: '{"index":5}' } })
    expect(await verifyLog()).toMatchObject({ ok: false, problem: { seq: erased.seq, eventId: erased.id, what: 'changed' } })
    await db().auditEvent.update({ where: { id: erased.id }, data: { detail: null } })
    expect(await verifyLog()).toMatchObject({ ok: true })
    // Who acted survives the erasure and stays sealed.
    await db().auditEvent.update({ where: { id: erased.id }, data: { actorId: staying.id } })
    expect(await verifyLog()).toMatchObject({ ok: false, problem: { seq: erased.seq, eventId: erased.id, what: 'changed' } })
  })

  it('prunes a verified prefix and what remains still verifies; a tampered prefix is kept', async () => {
    const { id } = await user('prune')
    await writeEvents(id, 5, NOW)
    await writeEvents(id, 5, minutes(60))
    await sealPending(minutes(61))
    expect(await pruneSealed(minutes(30), minutes(62))).toEqual({ pruned: 5, problem: null })
    expect(await db().auditEvent.count()).toBe(5)
    expect(await verifyLog()).toEqual({ ok: true, rows: 5, unsealed: 0, from: 5 })

    // Sealing continues after the pruned prefix.
    await writeEvents(id, 2, minutes(70))
    await sealPending(minutes(71))
    expect(await verifyLog()).toEqual({ ok: true, rows: 7, unsealed: 0, from: 5 })
    expect(await pruneSealed(minutes(65), minutes(72))).toEqual({ pruned: 5, problem: null })
    expect(await verifyLog()).toEqual({ ok: true, rows: 2, unsealed: 0, from: 10 })

    // A row edited in the prefix about to go: nothing is deleted, and the row is named.
    await db().$executeRawUnsafe(`UPDATE "AuditEvent" SET "method" = 'email_code' WHERE "seq" = 11`)
    const refused = await pruneSealed(minutes(200), minutes(201))
    expect(refused).toMatchObject({ pruned: 0, problem: { seq: 11, what: 'changed' } })
    expect(await db().auditEvent.count()).toBe(2)

    // Removing the pruning checkpoint leaves a gap at the start.
    await freshLog()
    await writeEvents(id, 4, NOW)
    await writeEvents(id, 2, minutes(60))
    await sealPending(minutes(61))
    await pruneSealed(minutes(30), minutes(62))
    await db().auditCheckpoint.deleteMany({ where: { kind: 'pruned' } })
    expect(await verifyLog()).toMatchObject({ ok: false, problem: { seq: 1, what: 'missing' } })
  })

  it('seals a backlog of several batches written in random time order, and prunes it in several steps', async () => {
    const { id } = await user('backlog')
    const times = Array.from({ length: 4_500 }, (_, index) => index).sort(() => Math.random() - 0.5)
    await db().auditEvent.createMany({
      data: times.map((second) => ({ type: 'sign_in', result: 'success', userId: id, method: 'passkey', createdAt: seconds(second) })),
    })
    expect(await sealPending(minutes(120))).toEqual({ sealed: 4_500, refused: 0 })
    const sealed = await db().auditEvent.findMany({ orderBy: { seq: 'asc' }, select: { createdAt: true } })
    expect(sealed.map((row) => row.createdAt.getTime())).toEqual(times.map((second) => seconds(second).getTime()).sort((a, b) => a - b))
    expect(await verifyLog()).toEqual({ ok: true, rows: 4_500, unsealed: 0, from: 0 })

    expect(await pruneSealed(seconds(4_200), minutes(121))).toEqual({ pruned: 4_200, problem: null })
    expect(await db().auditCheckpoint.count({ where: { kind: 'pruned' } })).toBe(1)
    expect(await verifyLog()).toEqual({ ok: true, rows: 300, unsealed: 0, from: 4_200 })
  })

  it('seals everything exactly once, refusing nothing, when writers and two sealers run at the same time', async () => {
    const { id } = await user('concurrent')
    await writeEvents(id, 30)
    // Writers stamp rows with their own clock, as servers do: newer than what a sealer running meanwhile takes.
    const writers = Promise.all(Array.from({ length: 3 }, (_, writer) => writeEvents(id, 30, new Date(minutes(10).getTime() + writer * 100))))
    const sealers = Promise.allSettled([sealPending(minutes(10)), sealPending(minutes(10)), writers.then(() => sealPending(minutes(11)))])
    await writers
    await sealers
    await sealPending(minutes(12))
    expect(await db().auditEvent.count({ where: { seq: null } })).toBe(0)
    expect(await verifyLog()).toEqual({ ok: true, rows: 120, unsealed: 0, from: 0 })
  })

  it('waits until rows settle, and seals a row committed late but newer than the sealed head in time order', async () => {
    const { id } = await user('settle')
    await writeEvents(id, 1, NOW)
    await writeEvents(id, 1, seconds(20))
    // 45 s on: the row 25 s old is left for later, so a transaction still open then can commit before it is passed.
    expect(await sealPending(seconds(45))).toEqual({ sealed: 1, refused: 0 })
    // A row stamped 10 s in, committed after that seal: newer than the sealed head, so it is sealed, in time order.
    await writeEvents(id, 1, seconds(10))
    expect(await sealPending(seconds(90))).toEqual({ sealed: 2, refused: 0 })
    const rows = await db().auditEvent.findMany({ orderBy: { seq: 'asc' }, select: { createdAt: true } })
    expect(rows.map((row) => row.createdAt)).toEqual([NOW, seconds(10), seconds(20)])
    expect(await verifyLog()).toEqual({ ok: true, rows: 3, unsealed: 0, from: 0 })
  })

  it('keeps a backdated row written after a seal out of the chain, records that once, and verification names it', async () => {
    const { id } = await user('backdated')
    await writeEvents(id, 5)
    await sealPending(minutes(1))
    // Someone with database access slips in an event dated between sealed ones, then real events go on.
    const backdated = await db().auditEvent.create({
      data: { type: 'account_reactivated', result: 'success', userId: id, actorName: 'Helpdesk', createdAt: seconds(2.5) },
      select: { id: true },
    })
    await writeEvents(id, 2, minutes(2))
    // Verification names it even before the next seal.
    expect(await verifyLog()).toMatchObject({ ok: false, rows: 5, unsealed: 2, problem: { what: 'late', seq: null, eventId: backdated.id, at: seconds(2.5) } })

    expect(await sealPending(minutes(3))).toEqual({ sealed: 2, refused: 1 })
    expect(await db().auditEvent.findUniqueOrThrow({ where: { id: backdated.id }, select: { seq: true, seal: true, refusedAt: true } })).toEqual({
      seq: null,
      seal: null,
      refusedAt: minutes(3),
    })
    const refusal = await db().auditEvent.findFirstOrThrow({ where: { type: 'audit_row_refused' }, select: { result: true, userId: true, detail: true } })
    expect(refusal).toMatchObject({ result: 'failure', userId: null })
    expect(JSON.parse(refusal.detail!)).toEqual({
      eventId: backdated.id,
      eventType: 'account_reactivated',
      eventAt: seconds(2.5).toISOString(),
      sealedUpTo: seconds(4).toISOString(),
    })

    // The next seal reports it no more and seals the refusal itself; the chain holds, the refused row stays named.
    expect(await sealPending(minutes(5))).toEqual({ sealed: 1, refused: 0 })
    expect(await db().auditEvent.count({ where: { type: 'audit_row_refused' } })).toBe(1)
    const report = await verifyLog()
    expect(report).toMatchObject({ ok: false, rows: 8, unsealed: 0, problem: { what: 'late', eventId: backdated.id } })
    expect(!report.ok && describeProblem(report.problem)).toContain(`event ${backdated.id}, dated ${seconds(2.5).toISOString()}, turned up after newer rows`)
  })

  it('refuses nothing when the head row’s time is moved forward in the database: the keyed checkpoint bounds it', async () => {
    const { id } = await user('head-moved')
    await writeEvents(id, 5)
    await sealPending(minutes(1))
    await db().auditEvent.update({ where: { seq: 5 }, data: { createdAt: minutes(600) } })
    await writeEvents(id, 2, minutes(2))
    expect(await sealPending(minutes(3))).toEqual({ sealed: 2, refused: 0 })
    expect(await verifyLog()).toMatchObject({ ok: false, problem: { seq: 5, what: 'changed' } })
  })
})

describe('nothing in the app edits or deletes history rows', () => {
  // The only writers besides INSERT: the sealer and pruning, erasure with the account, and a rotated session's link.
  const ALLOWED = new Set(['lib/audit/chain.ts', 'lib/audit/retention.ts', 'lib/account/deletion.ts', 'lib/auth/session/step-up.ts'])
  const root = path.resolve(import.meta.dirname, '../..')
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name)
      if (name === 'generated' || name === 'node_modules') return []
      if (statSync(full).isDirectory()) return files(full)
      return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : []
    })

  it('has no update, upsert or delete of AuditEvent or AuditCheckpoint outside the sealer, erasure and session rotation', () => {
    const writers = [...files(path.join(root, 'app')), ...files(path.join(root, 'lib')), ...files(path.join(root, 'scripts'))]
      .filter((file) =>
        /(auditEvent|auditCheckpoint)\.(update|updateMany|upsert|delete|deleteMany)\b|(UPDATE|DELETE FROM)\s+"?Audit(Event|Checkpoint)/.test(
          readFileSync(file, 'utf8'),
        ),
      )
      .map((file) => path.relative(root, file))
    expect(writers.length).toBeGreaterThan(0)
    expect(writers.filter((file) => !ALLOWED.has(file))).toEqual([])
  })
})
