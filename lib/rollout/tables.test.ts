import { describe, expect, it } from 'vitest'
import { translatorFor } from '../i18n/translator'
import type { RolloutFigures } from './figures'
import { rolloutViews } from './tables'
import { tableRows, type Cell, type View } from './view'

const figures: RolloutFigures = {
  snapshotAt: new Date('2026-03-02T23:06:00Z'),
  enrolment: [{ group: 'employees', active: 1200, withPasskey: 600, readiness: { ready: 500, warning: 100, noPasskey: 600 } }],
  providers: [
    { provider: 'Google Password Manager', synced: true, passkeys: 550 },
    { provider: 'Unknown provider', synced: false, passkeys: 50 },
  ],
  signIns: [
    { day: '2026-03-01', method: 'passkey', succeeded: 1500, failed: 3 },
    { day: '2026-03-02', method: 'email_code', succeeded: 20, failed: 2 },
  ],
  timeToSignIn: [{ method: 'passkey', measured: 1500, medianMs: 1250, p90Ms: 4000 }],
  fallback: { emailSignIns: 20, byPasskeyHolders: 5, textSignIns: 3, people: [{ userId: 'u1', email: 'ada@example.com', count: 5 }] },
  enrolledByWeek: [{ weekStarting: '2026-02-23', newlyEnrolled: 600 }],
  phases: [{ at: new Date('2026-03-01T09:00:00Z'), groupId: 'employees', preset: 'workforce-3' }],
  breakGlassSignIns: [],
  failureReasons: [{ method: 'email_code', reason: 'code_wrong', count: 2 }],
  support: { recovery_requested: 3, account_recovered: 2, access_code_issued: 1, access_code_used: 1, access_code_reported: 0 },
  stepUps: [{ method: 'passkey', succeeded: 10, failed: 1 }],
  reports: { open: 1, resolved: 2 },
  nudge: { offered: 12, created: 6, dismissed: 1 },
  toEnrol: [{ userId: 'u2', email: 'bob@example.com', name: 'Bob' }],
  emailDelivery: { sent: 1, delayed: 2, delivered: 40, bounced: 3, complained: 0, failed: 1, suppressed: 0 },
  devices: [
    { os: 'macOS', browser: 'Safari', passkeys: 400 },
    { os: null, browser: null, passkeys: 200 },
  ],
  capability: [{ group: 'employees', cannotCreate: 30, canCreate: 570, unreported: 100 }],
}
const context = {
  groups: [{ id: 'employees', name: 'Employees', preset: 'workforce-3' }],
  groupId: 'employees',
  period: { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-03T00:00:00Z') },
}
const views = (locale: 'en' | 'de' | 'ar' | 'en-XA', zone = 'UTC') => rolloutViews(figures, { ...context, translator: translatorFor(locale, zone) })
const view = (all: View[], id: View['id']) => all.find((each) => each.id === id)!

/** Text left once every ⟦…⟧ (the pseudo-locale's catalogue text, which may hold data) is taken out. */
const unfenced = (text: string) => {
  let rest = text
  for (let before = ''; before !== rest;) [before, rest] = [rest, rest.replace(/⟦[^⟦⟧]*⟧/g, '')]
  return rest
}

describe('the rollout dashboard’s words', () => {
  it('read as before in English, with numbers, shares and times formatted', () => {
    const english = views('en')
    expect(view(english, 'enrolment').summary).toBe(
      '50% of 1,200 active people have at least one passkey (600). Phase targets: Employees 50% (target 60–75%: below). ' +
        'Counted at 11:06 PM UTC; recounted every minute.',
    )
    expect(view(english, 'enrolment').table.rows[0]!.cells).toEqual([{ data: 'Employees' }, 1200, '600 (50%)', '60–75%: below', 500, 100, 600])
    expect(view(english, 'time-to-sign-in').summary).toBe('From asking to sign in to being signed in, half of the sign-ins took at most: Passkey 1.3s.')
    expect(view(english, 'providers').table.rows[1]!.cells[0]).toBe('Unknown provider')
    expect(view(english, 'to-enrol').summary).toBe('600 active people in Employees have no passkey.')
    // On the week's point, dated as the phases table dates the change (not the week's Monday).
    expect(view(english, 'enrolled-by-week').chart!.markers).toEqual([
      { x: '2026-02-23', text: '▼ Mar 1, 2026, 9:00 AM UTC: Employees → Workforce phase 3: passkey by default for new enrolments and resets' },
    ])
    expect(view(english, 'devices').table.rows.map((row) => row.cells)).toEqual([
      [{ data: 'macOS' }, { data: 'Safari' }, 400],
      ['Not known', 'Not known', 200],
    ])
    expect(view(english, 'capabilities').summary).toBe(
      '30 people signed in now use a device that cannot create a passkey (5% of those whose browser reported it).',
    )
    expect(view(english, 'capabilities').table.rows[0]!.cells).toEqual([{ data: 'Employees' }, 30, 570, 100, '5%'])
    // Failed and suppressed sends count with the bounces: none reached a mailbox.
    expect(view(english, 'email-delivery').summary).toBe('47 emails had news from the provider: 4 bounced, 2 delayed.')
    expect(view(english, 'fallback').summary).toBe(
      '25% of email sign-ins (5 of 20) were by people who already had a passkey. 3 sign-ins used a texted code, the weakest way in: once nobody needs it, turn text-message codes off in the group’s policy.',
    )
    expect(view(english, 'email-delivery').table.rows.map((row) => row.cells)).toEqual([
      ['Delivered', 40],
      ['Delayed, not yet delivered', 2],
      ['Bounced or not sent', 4],
      ['Marked as spam', 0],
      ['Sent, no news since', 1],
    ])
    const changed = view(english, 'phases').table.rows[0]!.cells[0] as { text: string }
    expect(view(english, 'enrolled-by-week').chart!.markers[0]!.text).toContain(changed.text)
  })

  it('are German and Arabic where the reader reads them, and times are in the reader’s zone', () => {
    const german = views('de', 'Europe/Berlin')
    expect(view(german, 'sign-ins').summary).toBe('1.520 Anmeldungen, davon 99\u00a0% mit Passkey.')
    expect(view(german, 'enrolment').summary).toContain('Gezählt um 00:06 MEZ')
    expect(view(german, 'phases').table.rows[0]!.cells[0]).toEqual({ text: '1. März 2026, 10:00 MEZ', iso: '2026-03-01T09:00:00.000Z' })
    const arabic = views('ar', 'Asia/Riyadh')
    expect(view(arabic, 'nudge').summary).toMatch(/^12 عرضًا بعد تسجيل الدخول/)
    expect(view(arabic, 'failures').table.rows[0]!.cells.slice(0, 2)).toEqual(['رمز بالبريد الإلكتروني', 'رمز خاطئ'])
  })

  it('come from the catalogue throughout: in the pseudo-locale nothing but data is left outside its fences', () => {
    const ours = (cell: Cell) => typeof cell === 'string'
    for (const each of views('en-XA')) {
      const texts = [
        each.title,
        each.summary,
        each.whenEmpty ?? '',
        each.table.caption,
        ...each.table.headings,
        ...each.table.rows.flatMap((row) => row.cells.filter(ours) as string[]),
        ...(each.chart?.series.map((series) => series.label) ?? []),
        ...(each.chart?.markers.map((marker) => marker.text) ?? []),
      ]
      for (const text of texts) expect(unfenced(text), `${each.id}: ${text}`).not.toMatch(/[A-Za-z]/)
    }
  })

  it('download as the table on the page, with counts plain and each day beside its ISO form', () => {
    const german = translatorFor('de', 'Europe/Berlin')
    const table = view(views('de', 'Europe/Berlin'), 'sign-ins-by-day').table
    expect(tableRows(table, (heading) => german.t('rollout.download.isoColumn', { heading }))).toEqual([
      ['Tag (UTC) (ISO 8601)', 'Tag (UTC)', 'Code per E-Mail', 'Passkey'],
      ['2026-03-01', '1. März 2026', '0', '1500'],
      ['2026-03-02', '2. März 2026', '20', '0'],
    ])
  })
})
