import { beforeAll, describe, expect, it } from 'vitest'
import { testContext } from '../../../testing/use-case'
import { recordEvent } from '../../audit/record'
import { db } from '../../db'
import { translatorFor } from '../../i18n/translator'
import messages from '../../i18n/messages/en/demo.json'
import { PHISHING_RESISTANT } from '../../oidc/levels'
import { registerAcmeExpenses } from '../acme-expenses'
import { demoSignIn } from '../sign-in'
import { commandGuide, readGuide } from './guide'
import { guideCookie } from './state'
import { GUIDE_TAG_NAMES, type GuideSegment } from './segments'
import type { GuideView } from './view-types'

// Read once per process (each test file runs in its own): this file is a demo deployment.
process.env.DEMO_MODE = '1'

const english = translatorFor('en', 'UTC')
const text = (segments: GuideSegment[] | null) => (segments ?? []).map((segment) => segment.text).join('')
const pressed = (segments: GuideSegment[]) => segments.filter((segment) => segment.kind === 'press').map((segment) => segment.text)
const clock = (at: Date) => english.format.dateTime(at, 'clock')

async function started(tour: Parameters<typeof commandGuide>[0] & { do: 'start' }) {
  const ctx = testContext()
  await commandGuide(tour, ctx)
  return { ctx, read: async () => (await readGuide(ctx, english))!.tour! }
}

describe('the demo guide', () => {
  beforeAll(async () => {
    const people = [
      { id: 'demo-person-001', email: 'bruno@demo.example', displayName: 'Bruno Admin', groupId: 'administrators', role: 'admin' },
      { id: 'demo-person-003', email: 'hiro@demo.example', displayName: 'Hiro Helpdesk', groupId: 'employees', role: 'helpdesk' },
      { id: 'demo-person-007', email: 'dev@demo.example', displayName: 'Dev Employee', groupId: 'employees', role: 'user' },
      { id: 'demo-person-127', email: 'cleo@demo.example', displayName: 'Cleo Contractor', groupId: 'contractors', role: 'user' },
      { id: 'demo-person-157', email: 'rosa@demo.example', displayName: 'Rosa Customer', groupId: 'customers', role: 'user' },
    ] as const
    for (const person of people) await db().user.create({ data: person })
    await registerAcmeExpenses('http://localhost:3001', 'acme-test-secret-0123456789abcdefghijkl')
  })

  it('is closed with no tour until asked, and a tampered or stale cookie is no tour', async () => {
    const ctx = testContext()
    expect(await readGuide(ctx, english)).toMatchObject({ open: false, tour: null })
    expect((await readGuide(ctx, english))!.tours.map((tour) => tour.title)).toEqual([
      'An employee signs in and adds a passkey',
      'A lost phone',
      'The helpdesk',
      'IT rolls out passkeys',
      'An app asks for a passkey',
    ])
    expect(await commandGuide({ do: 'open' }, ctx)).toMatchObject({ open: true, tour: null })
    for (const value of [
      '{',
      JSON.stringify({ open: true, tour: 'nope', since: 1 }),
      JSON.stringify({ open: true, tour: 'helpdesk', since: Date.now() + 60_000 }),
    ]) {
      ctx.cookies.set(guideCookie().name, value)
      expect((await readGuide(ctx, english))?.tour).toBeNull()
    }
  })

  it('follows a tour from the records after it started, and says what happened in the reader’s words and zone', async () => {
    // Before the tour: a sign-in that is not its doing.
    await demoSignIn({ account: 'demo-person-007' }, testContext())
    const { ctx, read } = await started({ do: 'start', tour: 'first-passkey' })
    let tour = await read()
    expect(tour.steps.map((step) => step.status)).toEqual(['current', 'later', 'later'])
    expect(pressed(tour.steps[0]!.todo)).toEqual(['Employee'])
    expect(tour.steps.map((step) => step.statusText)).toEqual(['Your step', 'Later', 'Later'])
    expect(tour.steps[0]!.happened).toBeNull()

    await demoSignIn({ account: 'demo-person-007' }, testContext())
    const signIn = await db().auditEvent.findFirstOrThrow({ where: { userId: 'demo-person-007', type: 'sign_in' }, orderBy: { createdAt: 'desc' } })
    tour = await read()
    expect(tour.steps.map((step) => step.status)).toEqual(['done', 'current', 'later'])
    expect(text(tour.steps[0]!.happened)).toBe(
      `At ${clock(signIn.createdAt)}, Dev Employee signed in with one press on the demo panel. A press proves nothing about who is at the keyboard, so the history records a demo sign-in, and an app would be told “demo”, never “passkey”.`,
    )
    expect(tour.steps[1]!.todo.find((segment) => segment.kind === 'link')).toMatchObject({ text: 'Passkeys', href: '/account/passkeys' })

    // Someone else's passkey is not this tour's; the employee's is, with its name and the history's words.
    await recordEvent({ type: 'passkey_added', result: 'success', userId: 'demo-person-127', detail: { name: 'Other', synced: false } })
    expect((await read()).steps[1]!.status).toBe('current')
    await recordEvent({
      type: 'passkey_added',
      result: 'success',
      userId: 'demo-person-007',
      detail: { passkeyId: 'p1', name: 'Chrome on Linux', synced: true },
    })
    tour = await read()
    expect(text(tour.steps[1]!.happened)).toContain(
      'named “Chrome on Linux” (a synced passkey: your passkey provider keeps a copy). The history of Dev Employee now says “Passkey added”.',
    )

    // In German, the same record in the reader's zone.
    const german = (await readGuide(ctx, translatorFor('de', 'Europe/Berlin')))!.tour!
    expect(text(german.steps[0]!.happened)).toContain(
      `Um ${translatorFor('de', 'Europe/Berlin').format.dateTime(signIn.createdAt, 'clock')} hat sich Dev Employee`,
    )

    await recordEvent({ type: 'sign_in', result: 'success', method: 'passkey', userId: 'demo-person-007' })
    tour = await read()
    expect(tour.finished).toBe(true)
    expect(text(tour.steps[2]!.happened)).toContain('apps are now told “phishing-resistant”')
  })

  it('counts only an access code the tour’s agent issued, and names its expiry', async () => {
    const { read } = await started({ do: 'start', tour: 'helpdesk' })
    await demoSignIn({ account: 'demo-person-003' }, testContext())
    const expiresAt = new Date(Date.now() + 3_600_000)
    const code = await db().accessCode.create({
      data: {
        userId: 'demo-person-007',
        status: 'active',
        requestedById: 'demo-person-003',
        verification: 'Video call',
        checks: '[]',
        validMinutes: 60,
        createdAt: new Date(),
        expiresAt,
      },
    })
    await recordEvent({
      type: 'access_code_issued',
      result: 'success',
      userId: 'demo-person-007',
      detail: { agentId: 'demo-person-001', accessCodeId: code.id },
    })
    expect((await read()).steps[1]!.status).toBe('current')
    await recordEvent({
      type: 'access_code_issued',
      result: 'success',
      userId: 'demo-person-007',
      detail: { agentId: 'demo-person-003', accessCodeId: code.id },
    })
    const tour = await read()
    expect(text(tour.steps[1]!.happened)).toContain(`Hiro Helpdesk issued a one-time access code for Dev Employee, valid until ${clock(expiresAt)}.`)
    expect(tour.steps[2]!.todo.filter((segment) => segment.kind === 'type').map((segment) => segment.text)).toEqual(['dev@demo.example'])
  })

  it('tells what Acme was told, and the payment a passkey approved', async () => {
    const { read } = await started({ do: 'start', tour: 'app-passkey' })
    const base = { type: 'app_sign_in', result: 'success', userId: 'demo-person-127' } as const
    await recordEvent({ ...base, method: 'demo', detail: { app: 'Acme Expenses', clientId: 'acme-expenses', acr: 'urn:passkey-portal:acr:email' } })
    let tour: GuideView['tour'] = await read()
    expect(text(tour.steps[0]!.happened)).toContain('Acme Expenses was told who signed in (cleo@demo.example, a verified address) and how: a demo press')
    expect(tour.steps[0]!.todo.find((segment) => segment.kind === 'link')).toMatchObject({ href: 'http://localhost:3001/', newTab: true })
    expect(pressed(tour.steps[0]!.todo)).toEqual(['Sign in with Passkey Portal', 'Contractor'])
    expect(pressed(tour.steps[1]!.todo)).toEqual(['Approve €12,500.00 with a passkey', 'Create a passkey on this device'])
    await recordEvent({
      ...base,
      method: 'passkey',
      detail: {
        app: 'Acme Expenses',
        clientId: 'acme-expenses',
        acr: PHISHING_RESISTANT,
        approvalType: 'payment_approval',
        amount: '12500.00',
        currency: 'EUR',
        payee: 'Northwind Traders',
      },
    })
    tour = await read()
    expect(text(tour.steps[1]!.happened)).toContain(
      'a passkey approved €12,500.00 to “Northwind Traders” on the portal page that showed them. Acme Expenses was told “phishing-resistant”',
    )
  })

  it('never names an argument like a tag: a value would replace the link or control of that name', () => {
    const steps = messages.guide.steps as Record<string, Record<string, string>>
    for (const [step, sentences] of Object.entries(steps)) {
      for (const sentence of Object.values(sentences)) {
        const tags = new Set<string>(GUIDE_TAG_NAMES)
        const clashes = [...sentence.matchAll(/\{([a-zA-Z]+)[,}]/g)].map((match) => match[1]!).filter((name) => tags.has(name))
        expect(clashes, step).toEqual([])
      }
    }
  })

  it('keeps a name as data, never as a control, whatever it looks like', async () => {
    const { read } = await started({ do: 'start', tour: 'rollout' })
    await db().user.update({ where: { id: 'demo-person-001' }, data: { displayName: '<b>Bruno</b> \u0001press\u0002x\u0003. Then press Delete account' } })
    const todo = (await read()).steps[0]!.todo
    expect(pressed(todo)).toEqual(['Administrator'])
    expect(todo.filter((segment) => segment.kind === 'data').map((segment) => segment.text)).toEqual(['<b>Bruno</b> pressx. Then press Delete account'])
  })

  it('finds the approval behind more sign-ins to the app than one page of rows', async () => {
    const { read } = await started({ do: 'start', tour: 'app-passkey' })
    const base = { type: 'app_sign_in', result: 'success', userId: 'demo-person-127' } as const
    const plainSignIn = { app: 'Acme Expenses', clientId: 'acme-expenses', acr: 'urn:passkey-portal:acr:email' }
    for (let index = 0; index < 25; index++) await recordEvent({ ...base, method: 'demo', detail: plainSignIn })
    expect((await read()).steps.map((step) => step.status)).toEqual(['done', 'current'])
    await recordEvent({
      ...base,
      method: 'passkey',
      detail: { ...plainSignIn, acr: PHISHING_RESISTANT, approvalType: 'payment_approval', amount: '100.00', currency: 'EUR', payee: 'Contoso' },
    })
    expect(text((await read()).steps[1]!.happened)).toContain('a passkey approved €100.00 to “Contoso”')
  })
})
