import { describe, expect, it } from 'vitest'
import { sealPending } from '../audit/chain'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { translatorFor } from '../i18n/translator'
import { rolloutDownload } from './download'

const unique = () => Math.random().toString(36).slice(2, 10)
const english = translatorFor('en', 'UTC')

describe('the rollout dashboard’s downloads', () => {
  it('list every active person of a group still to enrol, and need a group to do so', async () => {
    const group = (await db().group.create({ data: { name: `Download ${unique()}`, policy: '{}' }, select: { id: true } })).id
    await db().user.create({ data: { email: `b-${group}@example.com`, displayName: 'Bea', groupId: group } })
    await db().user.create({ data: { email: `a-${group}@example.com`, groupId: group } })
    await db().user.create({ data: { email: `c-${group}@example.com`, groupId: group, status: 'suspended' } })

    expect(await rolloutDownload({ figure: 'to-enrol' }, english)).toEqual({ ok: false, reason: 'group_required' })
    const file = await rolloutDownload({ figure: 'to-enrol', group }, english)
    expect(file).toEqual({
      ok: true,
      filename: expect.stringMatching(/^rollout-to-enrol-\d{4}-\d{2}-\d{2}\.csv$/),
      csv: `"Person","Name"\r\n"a-${group}@example.com",""\r\n"b-${group}@example.com","Bea"\r\n`,
    })
  })

  it('give any other figure as the table the page shows, headings first, counts as plain numbers', async () => {
    const person = (await db().user.create({ data: { email: `signed-in-${unique()}@example.com` }, select: { id: true } })).id
    await recordEvent({ type: 'sign_in', result: 'success', userId: person, method: 'passkey' }, new Date(Date.now() - 3_600_000))
    // Sealing rolls sign-ins up into the daily summaries the figures read.
    await sealPending()
    const file = await rolloutDownload({ figure: 'sign-ins', range: '7' }, english)
    expect(file).toMatchObject({ ok: true, filename: expect.stringMatching(/^rollout-sign-ins-/) })
    const lines = file.ok ? file.csv.trimEnd().split('\r\n') : []
    expect(lines[0]).toBe('"Method","Signed in","Failed","Success rate"')
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^"Passkey","1","0",/)])
  })

  it('are in the reader’s language, each moment in ISO 8601 beside the reader’s zone, and each day beside its ISO form', async () => {
    const at = new Date('2026-03-02T15:30:00Z')
    await db().auditEvent.create({
      data: {
        userId: null,
        type: 'group_policy_changed',
        result: 'success',
        detail: JSON.stringify({ groupId: 'employees', preset: 'workforce-3' }),
        createdAt: at,
      },
    })
    const german = translatorFor('de', 'Europe/Berlin')
    const phases = await rolloutDownload({ figure: 'phases', range: 'custom', from: '2026-03-01', to: '2026-03-03' }, german)
    const lines = phases.ok ? phases.csv.trimEnd().split('\r\n') : []
    expect(lines[0]).toBe('"Wann (ISO 8601)","Wann","Gruppe","Phase"')
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^"2026-03-02T15:30:00\.000Z","2\. März 2026, 16:30 MEZ","Employees","Mitarbeitende – Phase 3: Passkey als Standard für neue Registrierungen und Zurücksetzungen"$/,
      ),
    )

    const days = await rolloutDownload({ figure: 'sign-ins-by-day', range: 'custom', from: '2026-03-01', to: '2026-03-02' }, german)
    const rows = days.ok ? days.csv.trimEnd().split('\r\n') : []
    expect(rows[0]).toMatch(/^"Tag \(UTC\) \(ISO 8601\)","Tag \(UTC\)"/)
    expect(rows.slice(1).map((row) => row.split(',').slice(0, 2).join(','))).toEqual(['"2026-03-01","1. März 2026"', '"2026-03-02","2. März 2026"'])
  })
})
