import { randomBytes } from 'node:crypto'
import type { PROVIDERS } from './population'

/**
 * The demo organisation's lost devices and reports, told as the live flows
 * record them (lib/recovery, lib/activity/report.ts): the same event types,
 * methods and details, in the same order. They fall on fixed days, most in
 * the dashboard's default 30 days, so its "Recovery and helpdesk" figures
 * and the helpdesk's pages have something to show on every seed.
 */

export type SeedEvent = {
  id?: string
  userId: string | null
  type: string
  result: string
  method?: string | null
  reason?: string | null
  detail?: string | null
  actorId?: string | null
  actorName?: string | null
  createdAt: Date
}
export type SeedPasskey = {
  id: string
  userId: string
  credentialId: string
  aaguid: string
  name: string
  backupEligible: boolean
  /** The system and browser families it was made on (the parser's names), when known. */
  createdOs?: string | null
  createdBrowser?: string | null
  createdAt: Date
  lastUsedAt: Date | null
}
export type SeedCode = { userId: string; salt: string; hash: string; createdAt: Date; usedAt?: Date }
export type SeedPerson = { id: string; email: string; groupId: string; role: string }
export type SeedAccessCode = {
  id: string
  userId: string
  status: 'used' | 'reported'
  requestedById: string
  verification: string
  checks: string
  validMinutes: number
  createdAt: Date
  issuedAt: Date
  expiresAt: Date
  usedAt: Date | null
  hash: string
  reportTokenHash: string
}
/** A "This wasn't me" report (its activity_reported row is among the events); resolved by an administrator's address. */
export type SeedReport = {
  id: string
  userId: string
  reportEventId: string
  createdAt: Date
  status: 'open' | 'resolved'
  resolvedBy?: string
  resolvedAt?: Date
  note?: string
}

type World = {
  people: SeedPerson[]
  passkeys: SeedPasskey[]
  codes: SeedCode[]
  events: SeedEvent[]
  /** A moment `daysAgo` days before the seeding day, `minute` minutes after its midnight (UTC). */
  at: (daysAgo: number, minute: number) => Date
  /** The provider of the passkey a recovered person creates. */
  provider: (typeof PROVIDERS)[number]
}

const MINUTE = 60_000
const later = (date: Date, minutes: number) => new Date(date.getTime() + minutes * MINUTE)
const json = (value: unknown) => JSON.stringify(value)

/** Self-service recoveries, helpdesk access codes (one reported and stopped) and two reports; pushes the rows it adds to `world`. */
export function supportHistory(world: World): { accessCodes: SeedAccessCode[]; reports: SeedReport[] } {
  const { people, passkeys, codes, events, at } = world
  const staff = people.filter((person) => person.role === 'user' && person.groupId !== 'customers')
  const since = (person: SeedPerson, rows: { userId: string; createdAt: Date }[], when: Date) =>
    rows.some((row) => row.userId === person.id && row.createdAt < when)
  /** The `nth` (wrapping round) of the staff who had a passkey at `when`, and recovery codes or none. */
  const holder = (nth: number, when: Date, withCodes: boolean) => {
    const found = staff.filter((person) => since(person, passkeys, when) && since(person, codes, when) === withCodes)
    return found[nth % found.length]!
  }
  const agents = people.filter((person) => person.role === 'helpdesk')
  const accessCodes: SeedAccessCode[] = []

  /** The recovery session adds a passkey: it is stored, the session becomes a "recovered" one, the account is recovered. */
  const enrol = (person: SeedPerson, when: Date) => {
    const id = `${person.id}-recovered-${passkeys.length}`
    const { provider } = world
    passkeys.push({
      id,
      userId: person.id,
      credentialId: `demo-${id}-${randomBytes(8).toString('base64url')}`,
      aaguid: provider.aaguid,
      name: provider.name,
      backupEligible: provider.synced,
      createdOs: provider.os,
      createdBrowser: provider.browser,
      createdAt: when,
      lastUsedAt: null,
    })
    events.push(
      {
        userId: person.id,
        type: 'passkey_added',
        result: 'success',
        detail: json({ passkeyId: id, name: provider.name, synced: provider.synced }),
        createdAt: when,
      },
      { userId: person.id, type: 'sign_in', result: 'success', method: 'recovered', createdAt: later(when, 0.01) },
      { userId: person.id, type: 'account_recovered', result: 'success', method: 'recovered', detail: json({ passkeyId: id }), createdAt: later(when, 0.02) },
    )
  }

  // "Lost your passkey?": the emailed code, a recovery code, a recovery session, a new passkey.
  for (const [position, daysAgo] of [3, 19, 52].entries()) {
    const start = at(daysAgo, 14 * 60)
    const person = holder(position * 7, start, true)
    const code = codes.find((each) => each.userId === person.id)!
    code.usedAt = later(start, 3)
    events.push(
      { userId: person.id, type: 'recovery_requested', result: 'success', method: 'email', createdAt: start },
      { userId: person.id, type: 'recovery_email_proven', result: 'success', method: 'email_code', createdAt: later(start, 2) },
      { userId: person.id, type: 'recovery_factor', result: 'success', method: 'recovery_code', createdAt: code.usedAt },
      { userId: person.id, type: 'sign_in', result: 'success', method: 'recovery', createdAt: later(start, 3.01) },
    )
    enrol(person, later(start, 6))
  }
  // One started and left: the phone turned up before the code was typed.
  const left = at(8, 9 * 60 + 40)
  events.push({ userId: holder(30, left, true).id, type: 'recovery_requested', result: 'success', method: 'email', createdAt: left })

  // The helpdesk: an agent checks who is calling and asks for an access code, which is issued at once (not an agent's account).
  const issue = (person: SeedPerson, agent: SeedPerson, start: Date, status: SeedAccessCode['status']) => {
    const accessCodeId = `demo-access-code-${accessCodes.length + 1}`
    const verification = 'Video call; matched them to their badge photo'
    const checks = ['video_call', 'callback']
    const agentDetail = { agentId: agent.id, agent: agent.email }
    const base = { userId: person.id, result: 'success', actorId: agent.id }
    events.push(
      {
        ...base,
        type: 'access_code_requested',
        detail: json({ ...agentDetail, verification, checks: checks.join(','), validHours: 4, accessCodeId }),
        createdAt: start,
      },
      { ...base, type: 'access_code_issued', detail: json({ ...agentDetail, accessCodeId }), createdAt: later(start, 0.01) },
    )
    accessCodes.push({
      id: accessCodeId,
      userId: person.id,
      status,
      requestedById: agent.id,
      verification,
      checks: json(checks),
      validMinutes: 240,
      createdAt: start,
      issuedAt: start,
      expiresAt: later(start, 240),
      usedAt: status === 'used' ? later(start, 20) : null,
      hash: randomBytes(32).toString('hex'),
      reportTokenHash: randomBytes(32).toString('hex'),
    })
    return accessCodeId
  }
  for (const [position, daysAgo] of [6, 33].entries()) {
    const start = at(daysAgo, 15 * 60)
    const person = holder(position * 5, start, false)
    const accessCodeId = issue(person, agents[position % agents.length]!, start, 'used')
    events.push(
      { userId: person.id, type: 'access_code_used', result: 'success', detail: json({ accessCodeId }), createdAt: later(start, 20) },
      { userId: person.id, type: 'sign_in', result: 'success', method: 'recovery', createdAt: later(start, 20.01) },
    )
    enrol(person, later(start, 24))
  }
  // Someone called the helpdesk in another's name; the real person pressed "I didn't ask for this" in the email, which stopped the code.
  const called = at(12, 11 * 60)
  const target = holder(12, called, false)
  const stopped = issue(target, agents[1 % agents.length]!, called, 'reported')
  events.push({
    userId: target.id,
    type: 'access_code_reported',
    result: 'success',
    detail: json({ accessCodeId: stopped, stopped: true }),
    createdAt: later(called, 9),
  })

  // "This wasn't me" on a sign-in from another browser: one report still open, one an administrator resolved.
  const admin = people.find((person) => person.role === 'admin')!
  const reports = [5, 25].map((daysAgo, position): SeedReport => {
    const person = staff[10 + position]!
    const id = `demo-report-${position + 1}`
    const eventAt = at(daysAgo + 1, 21 * 60)
    const eventId = `demo-reported-sign-in-${position + 1}`
    const reportEventId = `demo-report-event-${position + 1}`
    const createdAt = at(daysAgo, 16 * 60)
    events.push(
      { id: eventId, userId: person.id, type: 'sign_in', result: 'success', method: 'email_code', createdAt: eventAt },
      {
        id: reportEventId,
        userId: person.id,
        type: 'activity_reported',
        result: 'success',
        detail: json({ eventId, eventType: 'sign_in', eventAt: eventAt.toISOString(), signedOut: 1 }),
        createdAt,
      },
    )
    const report = { id, userId: person.id, reportEventId, createdAt }
    if (position === 0) return { ...report, status: 'open' }
    const resolvedAt = at(daysAgo - 1, 10 * 60)
    events.push({
      userId: person.id,
      type: 'activity_report_resolved',
      result: 'success',
      actorId: admin.id,
      detail: json({ reportId: id }),
      createdAt: resolvedAt,
    })
    return { ...report, status: 'resolved', resolvedBy: admin.email, resolvedAt, note: 'Their own new laptop; confirmed by phone.' }
  })
  return { accessCodes, reports }
}
