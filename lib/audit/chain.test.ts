import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { deleteAccount } from '../account/deletion'
import { markSessionVerified } from '../auth/session/step-up'
import { db } from '../db'
import { sealPending } from './chain'
import { pruneSealed } from './retention'
import { verifyLog } from './verify'
import { recordEvent } from './record'

const NOW = new Date('2026-11-22T12:00:00Z')
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000)

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
    expect(await sealPending(minutes(1))).toEqual({ sealed: 12 })
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
    await sealPending(minutes(3))
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

  it('seals everything exactly once when writers and two sealers run at the same time', async () => {
    const { id } = await user('concurrent')
    const writers = Promise.all(Array.from({ length: 4 }, (_, writer) => writeEvents(id, 30, minutes(writer))))
    const sealers = Promise.allSettled([sealPending(minutes(10)), sealPending(minutes(10)), writers.then(() => sealPending(minutes(11)))])
    await writers
    await sealers
    await sealPending(minutes(12))
    expect(await db().auditEvent.count({ where: { seq: null } })).toBe(0)
    expect(await verifyLog()).toEqual({ ok: true, rows: 120, unsealed: 0, from: 0 })
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
