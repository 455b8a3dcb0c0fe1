import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { translatorFor } from '../i18n/translator'
import { verifyAuditLog } from './audit-verify'

const unique = () => Math.random().toString(36).slice(2, 10)

async function administrator() {
  const user = await db().user.create({ data: { email: `admin-${unique()}@example.com`, role: 'admin' }, select: { id: true } })
  return { user, sessionId: `admin-session-${unique()}` }
}

const checks = () =>
  db().auditEvent.findMany({
    where: { type: 'audit_log_verified' },
    orderBy: { createdAt: 'asc' },
    select: { result: true, userId: true, actorId: true, sessionId: true, detail: true },
  })

describe('verifying the audit log', () => {
  it('seals what has settled, says the log holds, then names the first row edited in the database; each check is in the log', async () => {
    const admin = await administrator()
    const person = (await db().user.create({ data: { email: `person-${unique()}@example.com` }, select: { id: true } })).id
    const settled = new Date(Date.now() - 10 * 60_000)
    for (let index = 0; index < 5; index++) {
      await recordEvent({ type: 'sign_in', result: 'success', userId: person, method: 'passkey' }, new Date(settled.getTime() + index * 1000))
    }
    const ctx = testContext({ caller: admin })

    const holds = await verifyAuditLog(ctx, translatorFor('en', 'UTC'))
    expect(holds).toMatchObject({ ok: true, message: expect.stringMatching(/^The log verifies: all [\d,]+ sealed rows are as they were written\./) })
    expect(await db().auditEvent.count({ where: { userId: person, seq: null } })).toBe(0)

    const sealed = await db().auditEvent.findFirstOrThrow({ where: { userId: person }, orderBy: { seq: 'desc' }, select: { seq: true } })
    await db().$executeRawUnsafe(`UPDATE "AuditEvent" SET "result" = 'failure' WHERE "seq" = ${sealed.seq}`)
    const broken = await verifyAuditLog(ctx, translatorFor('de', 'Europe/Berlin'))
    // In the reader's language: German here, naming the row that was changed.
    expect(broken).toMatchObject({ ok: false, message: expect.stringMatching(new RegExp(`^Das Protokoll ist nicht intakt: Zeile ${sealed.seq} `)) })

    const [first, second] = await checks()
    expect(first).toMatchObject({ result: 'success', userId: null, actorId: admin.user.id, sessionId: null })
    expect(JSON.parse(first!.detail!)).toEqual({ rows: expect.any(Number) })
    expect(second).toMatchObject({ result: 'failure', actorId: admin.user.id })
    expect(JSON.parse(second!.detail!)).toMatchObject({ seq: sealed.seq })
  })
})
