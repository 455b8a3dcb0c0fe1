import { describe, expect, it } from 'vitest'
import { TEST_REQUEST, testContext } from '../../testing/use-case'
import { db } from '../db'
import { downloadHistory } from './export'

async function personWithHistory(name: string, saved: { locale: string | null; timeZone: string | null } = { locale: null, timeZone: null }) {
  const email = `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`
  const user = await db().user.create({ data: { email, ...saved }, select: { id: true, locale: true, timeZone: true } })
  await db().auditEvent.create({
    data: {
      userId: user.id,
      type: 'passkey_renamed',
      result: 'success',
      detail: JSON.stringify({ name: `${name}’s phone` }),
      createdAt: new Date('2026-07-01T12:30:05Z'),
    },
  })
  return { user, sessionId: `session-${user.id}` }
}

const exportRows = (userId: string) => db().auditEvent.findMany({ where: { userId, type: 'data_exported' }, select: { sessionId: true, detail: true } })

/** A CSV line's fields, quotes taken off and doubled quotes undone; empty fields stay empty. */
const fields = (line: string) => [...line.matchAll(/"((?:[^"]|"")*)"|(?<=^|,)(?=,|$)/g)].map((match) => (match[1] ?? '').replaceAll('""', '"'))

describe('downloadHistory', () => {
  it('gives the caller’s own history as CSV, nobody else’s, and records the download first', async () => {
    const session = await personWithHistory('reader')
    await personWithHistory('bystander')
    const download = await downloadHistory({ format: 'csv' }, session, testContext({ caller: session }))
    if (download.format !== 'csv') throw new Error(`a ${download.format} download`)
    const lines = download.csv.trimEnd().split('\r\n')
    // No preferences anywhere: the organisation's language and zone.
    expect(lines[0]).toBe('time_utc,local_time (UTC),event,type,result,method,reason,details,device,ip_address,user_agent')
    expect(lines.slice(1).map((line) => fields(line)[3])).toEqual(['data_exported', 'passkey_renamed'])
    expect(fields(lines[2]!).slice(0, 3)).toEqual(['2026-07-01T12:30:05.000Z', 'Jul 1, 2026, 12:30:05 PM UTC', 'Passkey renamed'])
    expect(download.csv).not.toContain('bystander')
    expect(await exportRows(session.user.id)).toEqual([{ sessionId: session.sessionId, detail: JSON.stringify({ format: 'csv' }) }])
  })

  it('writes the CSV in the person’s saved language, with a column of times in their zone that names it', async () => {
    const session = await personWithHistory('leserin', { locale: 'de', timeZone: 'Europe/Berlin' })
    // The browser asks for English in New York; the saved choices win.
    const ctx = testContext({ caller: session, request: { ...TEST_REQUEST, preferences: { locale: 'en', timeZone: 'America/New_York' } } })
    const download = await downloadHistory({ format: 'csv' }, session, ctx)
    if (download.format !== 'csv') throw new Error(`a ${download.format} download`)
    const lines = download.csv.trimEnd().split('\r\n')
    expect(lines[0]).toBe('Zeit (UTC),Ortszeit (Europe/Berlin),Ereignis,Typ,Ergebnis,Methode,Grund,Details,Gerät,IP-Adresse,User-Agent')
    const renamed = fields(lines[2]!)
    expect(renamed.slice(0, 4)).toEqual(['2026-07-01T12:30:05.000Z', '1. Juli 2026, 14:30:05 MESZ', 'Passkey umbenannt', 'passkey_renamed'])
  })

  it('follows the browser’s language and zone when the person saved none', async () => {
    const session = await personWithHistory('reader')
    const ctx = testContext({ caller: session, request: { ...TEST_REQUEST, preferences: { locale: 'de', timeZone: 'America/New_York' } } })
    const download = await downloadHistory({ format: 'csv' }, session, ctx)
    if (download.format !== 'csv') throw new Error(`a ${download.format} download`)
    const lines = download.csv.trimEnd().split('\r\n')
    expect(lines[0]!.split(',')[1]).toBe('Ortszeit (America/New_York)')
    expect(fields(lines[2]!).slice(1, 3)).toEqual(['1. Juli 2026, 8:30:05 GMT-4', 'Passkey umbenannt'])
  })

  it('gives it as records for JSON, titled in the reader’s language', async () => {
    const session = await personWithHistory('reader')
    await personWithHistory('bystander')
    const download = await downloadHistory({ format: 'json' }, session, testContext({ caller: session }))
    expect(download).toEqual({
      format: 'json',
      records: [
        expect.objectContaining({ type: 'data_exported', details: { format: 'json' } }),
        expect.objectContaining({ type: 'passkey_renamed', event: 'Passkey renamed', time: '2026-07-01T12:30:05.000Z', details: { name: 'reader’s phone' } }),
      ],
    })
    expect(await exportRows(session.user.id)).toEqual([{ sessionId: session.sessionId, detail: JSON.stringify({ format: 'json' }) }])
    const german = await downloadHistory({ format: 'json' }, { user: { ...session.user, locale: 'de' } }, testContext({ caller: session }))
    expect(german).toMatchObject({ records: expect.arrayContaining([expect.objectContaining({ event: 'Passkey umbenannt' })]) })
  })
})
