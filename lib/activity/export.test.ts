import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { db } from '../db'
import { downloadHistory } from './export'

async function personWithHistory(name: string) {
  const email = `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`
  const user = await db().user.create({ data: { email }, select: { id: true } })
  await db().auditEvent.create({ data: { userId: user.id, type: 'passkey_renamed', result: 'success', detail: JSON.stringify({ name: `${name}’s phone` }) } })
  return { user, sessionId: `session-${user.id}` }
}

const exportRows = (userId: string) => db().auditEvent.findMany({ where: { userId, type: 'data_exported' }, select: { sessionId: true, detail: true } })

describe('downloadHistory', () => {
  it('gives the caller’s own history as CSV, nobody else’s, and records the download first', async () => {
    const session = await personWithHistory('reader')
    await personWithHistory('bystander')
    const download = await downloadHistory({ format: 'csv' }, session, testContext({ caller: session }))
    if (download.format !== 'csv') throw new Error(`a ${download.format} download`)
    const lines = download.csv.trimEnd().split('\r\n')
    expect(lines[0]).toBe('time_utc,event,type,result,method,reason,details,device,ip_address,user_agent')
    expect(lines.slice(1).map((line) => line.split(',')[2])).toEqual(['"data_exported"', '"passkey_renamed"'])
    expect(download.csv).not.toContain('bystander')
    expect(await exportRows(session.user.id)).toEqual([{ sessionId: session.sessionId, detail: JSON.stringify({ format: 'csv' }) }])
  })

  it('gives it as records for JSON', async () => {
    const session = await personWithHistory('reader')
    await personWithHistory('bystander')
    const download = await downloadHistory({ format: 'json' }, session, testContext({ caller: session }))
    expect(download).toEqual({
      format: 'json',
      records: [
        expect.objectContaining({ type: 'data_exported', details: { format: 'json' } }),
        expect.objectContaining({ type: 'passkey_renamed', details: { name: 'reader’s phone' } }),
      ],
    })
    expect(await exportRows(session.user.id)).toEqual([{ sessionId: session.sessionId, detail: JSON.stringify({ format: 'json' }) }])
  })
})
