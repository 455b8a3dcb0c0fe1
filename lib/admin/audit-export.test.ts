import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { translatorFor } from '../i18n/translator'
import { exportAuditLog, localTime } from './audit-export'

const unique = () => Math.random().toString(36).slice(2, 10)

async function administrator() {
  const user = await db().user.create({ data: { email: `admin-${unique()}@example.com`, role: 'admin' }, select: { id: true } })
  return { user, sessionId: `admin-session-${unique()}` }
}

async function text(chunks: AsyncIterable<string>) {
  let all = ''
  for await (const chunk of chunks) all += chunk
  return all
}

const exports = () =>
  db().auditEvent.findMany({
    where: { type: 'data_exported' },
    orderBy: { createdAt: 'asc' },
    select: { result: true, userId: true, actorId: true, sessionId: true, detail: true },
  })

describe('downloading the audit log', () => {
  it('records the download with its filters and the administrator before the rows are read, then gives the matching rows', async () => {
    const admin = await administrator()
    const person = (await db().user.create({ data: { email: `person-${unique()}@example.com` }, select: { id: true } })).id
    await recordEvent({ type: 'sign_in', result: 'failure', userId: person, method: 'email_code', reason: 'code_wrong' })
    await recordEvent({ type: 'sign_in', result: 'success', userId: person, method: 'passkey' })
    const ctx = testContext({ caller: admin })

    const reader = translatorFor('de', 'Europe/Berlin')
    const csv = await exportAuditLog({ format: 'csv', filter: { type: 'sign_in', result: 'failure' }, reader }, ctx)
    expect(csv).toMatchObject({ filename: expect.stringMatching(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/), contentType: 'text/csv; charset=utf-8' })
    const [row] = await exports()
    expect(row).toMatchObject({ result: 'success', userId: null, actorId: admin.user.id, sessionId: null })
    expect(JSON.parse(row!.detail!)).toEqual({ format: 'csv', scope: 'audit_log', filters: JSON.stringify({ type: 'sign_in', result: 'failure' }) })
    const lines = (await text(csv.chunks)).trim().split('\r\n')
    // The UTC time stays; beside it the administrator's clock, the zone named in the header.
    expect(lines[0]).toMatch(/^seq,time_utc,time_local \(Europe\/Berlin\),event,type,result,/)
    expect(lines.slice(1)).toHaveLength(1)
    expect(lines[1]).toContain('"code_wrong"')
    const [, utc, local] = lines[1]!.split(',').map((field) => field.replaceAll('"', ''))
    expect(local).toBe(localTime(new Date(utc!), 'Europe/Berlin'))

    const json = await exportAuditLog({ format: 'json', filter: {}, reader: translatorFor('en', 'UTC') }, ctx)
    expect(json).toMatchObject({ filename: expect.stringMatching(/\.json$/), contentType: 'application/json' })
    const records = JSON.parse(await text(json.chunks)) as { type: string; time: string; timeLocal: string; timeZone: string }[]
    // The first download's own row is in the log too.
    expect(records.map((record) => record.type)).toEqual(expect.arrayContaining(['sign_in', 'data_exported']))
    expect(records[0]).toMatchObject({ timeZone: 'UTC', timeLocal: records[0]!.time.slice(0, 19).replace('T', ' ') })
    expect(JSON.parse((await exports())[1]!.detail!)).toEqual({ format: 'json', scope: 'audit_log', filters: '{}' })
  })
})

describe('a time on a zone’s clock', () => {
  it('is the wall-clock time there, summer or winter, as spreadsheets read it', () => {
    expect(localTime(new Date('2026-12-06T15:30:05Z'), 'Europe/Berlin')).toBe('2026-12-06 16:30:05')
    expect(localTime(new Date('2026-07-06T15:30:05Z'), 'Europe/Berlin')).toBe('2026-07-06 17:30:05')
    expect(localTime(new Date('2026-12-06T00:05:00Z'), 'America/New_York')).toBe('2026-12-05 19:05:00')
    expect(localTime(new Date('2026-12-06T00:05:00Z'), 'UTC')).toBe('2026-12-06 00:05:00')
  })
})
