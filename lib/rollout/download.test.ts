import { describe, expect, it } from 'vitest'
import { sealPending } from '../audit/chain'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { rolloutDownload } from './download'

const unique = () => Math.random().toString(36).slice(2, 10)

describe('the rollout dashboard’s downloads', () => {
  it('list every active person of a group still to enrol, and need a group to do so', async () => {
    const group = (await db().group.create({ data: { name: `Download ${unique()}`, policy: '{}' }, select: { id: true } })).id
    await db().user.create({ data: { email: `b-${group}@example.com`, displayName: 'Bea', groupId: group } })
    await db().user.create({ data: { email: `a-${group}@example.com`, groupId: group } })
    await db().user.create({ data: { email: `c-${group}@example.com`, groupId: group, status: 'suspended' } })

    expect(await rolloutDownload({ figure: 'to-enrol' })).toEqual({ ok: false, reason: 'group_required' })
    const file = await rolloutDownload({ figure: 'to-enrol', group })
    expect(file).toEqual({
      ok: true,
      filename: expect.stringMatching(/^rollout-to-enrol-\d{4}-\d{2}-\d{2}\.csv$/),
      csv: `"Person","Name"\r\n"a-${group}@example.com",""\r\n"b-${group}@example.com","Bea"\r\n`,
    })
  })

  it('give any other figure as the table the page shows, headings first', async () => {
    const person = (await db().user.create({ data: { email: `signed-in-${unique()}@example.com` }, select: { id: true } })).id
    await recordEvent({ type: 'sign_in', result: 'success', userId: person, method: 'passkey' }, new Date(Date.now() - 3_600_000))
    // Sealing rolls sign-ins up into the daily summaries the figures read.
    await sealPending()
    const file = await rolloutDownload({ figure: 'sign-ins', range: '7' })
    expect(file).toMatchObject({ ok: true, filename: expect.stringMatching(/^rollout-sign-ins-/) })
    const lines = file.ok ? file.csv.trimEnd().split('\r\n') : []
    expect(lines[0]).toBe('"Method","Signed in","Failed","Success rate"')
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^"Passkey","1","0",/)])
  })
})
