import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { db } from '../db'
import { exportAccountData } from './data-export'

async function personWithHistory(name: string) {
  const email = `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`
  const user = await db().user.create({ data: { email, displayName: name }, select: { id: true, email: true } })
  await db().auditEvent.create({ data: { userId: user.id, type: 'passkey_renamed', result: 'success', detail: JSON.stringify({ name: `${name}’s phone` }) } })
  return { user, sessionId: `session-${user.id}` }
}

describe('exportAccountData', () => {
  it('gives the caller’s own data and history, nobody else’s, and records the export', async () => {
    const session = await personWithHistory('exporter')
    const other = await personWithHistory('bystander')

    const data = await exportAccountData(session, testContext({ caller: session }))
    expect(data.profile).toMatchObject({ email: session.user.email, displayName: 'exporter' })
    expect(data.history.map((event) => event.details)).toEqual([{ name: 'exporter’s phone' }])
    expect(JSON.stringify(data)).not.toContain(other.user.email)
    expect(JSON.stringify(data)).not.toContain('bystander')

    const rows = await db().auditEvent.findMany({ where: { type: 'data_exported' }, select: { userId: true, sessionId: true, detail: true } })
    expect(rows).toEqual([{ userId: session.user.id, sessionId: session.sessionId, detail: JSON.stringify({ format: 'account' }) }])
  })
})
