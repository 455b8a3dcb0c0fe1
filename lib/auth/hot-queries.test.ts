import { beforeAll, describe, expect, it } from 'vitest'
import { listActivity } from '../activity/history'
import { db } from '../db'
import { env } from '../env'
import { analyze, explain, fullScans } from '../../testing/explain'
import { captureStatements } from '../../testing/query-count'
import { seedAtScale } from '../../testing/scale-seed'
import { createSoftPasskey, softAuthenticationResponse, softRegistrationResponse } from '../../testing/soft-authenticator'
import { sendNewSignInNotice } from './session/new-sign-in-notice'
import { countCodeFailure, emailRequestRefusal } from '../limits/email-code'
import { checkEmailCode, verifyEmailCode } from './email-code/code-check'
import { createEmailChallenge } from './email-code/challenge'
import { claimApprovedSignIn } from './email-code/pending-request'
import { signInRecipient } from './email-code/challenge'
import { confirmEmailLink } from './email-code/link'
import { approvalNumber } from './email-code/link-approval'
import { finishPasskeyRegistration, startPasskeyRegistration } from './passkeys/registration'
import { listPasskeys } from './passkeys/management'
import { startPasskeyAuthentication, verifyPasskeyAuthentication } from './passkeys/authentication'
import { recoveryRecipient } from '../recovery/self-service'
import { findActiveSession, touchSession } from './session/store'
import { listPeople } from '../admin/people'
import { listAuditLog } from '../admin/audit-log'
import { findScimPeopleBy, listScimPeople } from '../scim/people'
import { listSessions } from './session/list'
import { accountOf, startSession } from './session/issue'
import { recoveryReadiness } from '../recovery/readiness'
import { mayEndOtherSessions } from './dal'
import { markSessionVerified } from './session/step-up'
import { authenticationResponseSchema, registrationResponseSchema } from './passkeys/webauthn'
import { auditFor } from '../../testing/audit'

/**
 * Every statement of every sign-in flow, run against a database with 100,000
 * users (and sessions, challenges, passkeys, events and counters to match),
 * must reach the hot tables through an index: the database's own plan is
 * read (EXPLAIN QUERY PLAN on SQLite, EXPLAIN after ANALYZE on PostgreSQL).
 */

const HOT_TABLES = ['User', 'Session', 'EmailChallenge', 'Passkey', 'AuditEvent', 'RateLimit', 'WebAuthnChallenge']
const context = { ipAddress: '192.0.2.44', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36' }
const rp = () => ({ origin: env().webauthn.origins[0]!, rpId: env().webauthn.rpId })

const flows = new Map<string, () => Promise<unknown>>()

describe('hot queries at 100,000 users', () => {
  let user = { id: '', email: '', displayName: null as string | null }
  // A request supersedes the same address's earlier one: each email flow gets an account of its own.
  const another = async (name: string) =>
    db().user.create({ data: { email: `hot-${name}-${Date.now()}@example.com`, emailVerifiedAt: new Date() }, select: { id: true, email: true } })

  beforeAll(async () => {
    await seedAtScale()
    // The seeded events as the sealer leaves them within a minute: numbered in time order.
    await db().$executeRawUnsafe(
      `UPDATE "AuditEvent" SET "seq" = n.rn FROM (SELECT "id", row_number() OVER (ORDER BY "createdAt", "id") AS rn FROM "AuditEvent") AS n WHERE "AuditEvent"."id" = n."id"`,
    )
    await analyze('AuditEvent')
    user = await db().user.create({
      data: { email: `hot-${Date.now()}@example.com`, emailVerifiedAt: new Date() },
      select: { id: true, email: true, displayName: true },
    })
  }, 300_000)

  it('no statement of any flow scans a hot table', async () => {
    const soft = createSoftPasskey(user.id)
    const creation = await startPasskeyRegistration(user)
    const registration = registrationResponseSchema.parse(softRegistrationResponse(soft, { challenge: creation.options.challenge, ...rp() }))

    flows.set('register a passkey', async () => {
      const started = await startPasskeyRegistration(user)
      const response = registrationResponseSchema.parse(softRegistrationResponse(createSoftPasskey(user.id), { challenge: started.options.challenge, ...rp() }))
      return finishPasskeyRegistration({ userId: user.id, browserSecret: started.browserSecret, response, context, audit: auditFor(context) })
    })
    flows.set('request a sign-in email', async () => {
      const recipient = await signInRecipient(user.email, 'open')
      await emailRequestRefusal({ email: user.email, ipAddress: context.ipAddress, purpose: 'sign_in', userId: recipient.userId, standing: 'new' })
      return createEmailChallenge({ email: user.email, returnTo: null, context, policy: 'open', recipient })
    })
    const codeUser = await another('code')
    const byCode = await createEmailChallenge({ email: codeUser.email, returnTo: null, context, policy: 'open' })
    flows.set('sign in with the code', async () => {
      const result = await verifyEmailCode({ browserSecret: byCode.browserSecret, code: byCode.code })
      if (!result.ok) throw new Error(result.reason)
      return startSession(accountOf(result.user), 'email_code', context, { startedAt: result.requestedAt })
    })
    const wrongUser = await another('wrong')
    const wrong = await createEmailChallenge({ email: wrongUser.email, returnTo: null, context, policy: 'open' })
    flows.set('a wrong code', async () => {
      await checkEmailCode({ browserSecret: wrong.browserSecret, code: wrong.code === '000000' ? '111111' : '000000', purpose: 'sign_in' })
      return countCodeFailure({ email: wrongUser.email, userId: wrongUser.id, purpose: 'sign_in', standing: 'new', context })
    })
    const byLink = await createEmailChallenge({ email: (await another('link')).email, returnTo: null, context, policy: 'open' })
    flows.set('sign in with the link', () => confirmEmailLink({ linkToken: byLink.linkToken, mode: 'here', browserSecret: byLink.browserSecret }))
    const elsewhere = await createEmailChallenge({ email: (await another('elsewhere')).email, returnTo: null, context, policy: 'open' })
    flows.set('sign in with the link in another browser, with its code', () =>
      confirmEmailLink({ linkToken: elsewhere.linkToken, mode: 'here', code: elsewhere.code }),
    )
    const approved = await createEmailChallenge({ email: (await another('approve')).email, returnTo: null, context, policy: 'open' })
    flows.set('approve on another device and claim', async () => {
      await confirmEmailLink({ linkToken: approved.linkToken, mode: 'approve', number: approvalNumber(approved.challengeId) })
      return claimApprovedSignIn(approved.browserSecret)
    })
    flows.set('recovery: who the address recovers', () => recoveryRecipient(user.email))

    await flows.get('register a passkey')!()
    const registered = await finishPasskeyRegistration({
      userId: user.id,
      browserSecret: creation.browserSecret,
      response: registration,
      context,
      audit: auditFor(context),
    })
    if (!registered.ok) throw new Error(registered.reason)
    flows.set('sign in with a passkey', async () => {
      const started = await startPasskeyAuthentication({ purpose: 'sign_in' })
      const response = authenticationResponseSchema.parse(softAuthenticationResponse(soft, { challenge: started.options.challenge, ...rp() }))
      const result = await verifyPasskeyAuthentication({ browserSecret: started.browserSecret, response, purpose: 'sign_in', context })
      if (!result.ok) throw new Error(result.reason)
      return startSession(user.id, 'passkey', context)
    })
    const session = await startSession(user.id, 'passkey', context)
    const second = await startSession(user.id, 'passkey', context)
    flows.set('after a sign-in from a new browser: the new-sign-in notice', () =>
      sendNewSignInNotice({ userId: user.id, sessionId: second.sessionId, method: 'passkey', context }),
    )
    flows.set('session check', async () => {
      await findActiveSession(session.secret)
      return touchSession(session.secret, new Date(Date.now() + 120_000))
    })
    flows.set('account pages: overview, sessions, passkeys, activity', async () => {
      await recoveryReadiness(user.id)
      await listSessions(user.id, session.sessionId)
      await listPasskeys(user.id)
      return listActivity(user.id, null)
    })
    flows.set('step-up and ending other sessions', async () => {
      await mayEndOtherSessions({ sessionId: session.sessionId, signedInAt: new Date(0), verifiedAt: new Date(0), method: 'passkey', user })
      return markSessionVerified(user.id, session.sessionId)
    })

    flows.set('admin people list: first page, a search, a group, a status, a readiness and the next page', async () => {
      await listPeople({})
      await listPeople({ q: 'scale-4' })
      await listPeople({ group: 'customers' })
      await listPeople({ status: 'suspended' })
      await listPeople({ readiness: 'passkey_only' })
      return listPeople({ after: 'scale-5@example.org' })
    })
    flows.set('SCIM: a userName, externalId and id filter', async () => {
      await findScimPeopleBy('userName', 'scale-42@example.org')
      await findScimPeopleBy('externalId', 'hr-42')
      return findScimPeopleBy('id', 'scale-user-42')
    })
    flows.set('admin audit log: first page with unsealed rows, a person, an actor and a date range', async () => {
      await listAuditLog({})
      await listAuditLog({ person: 'scale-9@example.org', result: 'failure' })
      await listAuditLog({ actor: 'SCIM: HR' })
      return listAuditLog({ from: '2026-01-01', to: '2026-12-31' })
    })

    const problems: string[] = []
    for (const [flow, run] of flows) {
      const { queries } = await captureStatements(run)
      expect(queries.length, flow).toBeGreaterThan(0)
      for (const query of queries) {
        if (!/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(query.query)) continue
        const aliases = new Map([...query.query.matchAll(/"(\w+)"\s+(?:AS\s+)?([a-z]\w*)\b/g)].map((match) => [match[2]!, match[1]!]))
        const scanned = fullScans(await explain(query))
          .map((name) => aliases.get(name) ?? name)
          .filter((table) => HOT_TABLES.includes(table))
        if (scanned.length) problems.push(`${flow}: full scan of ${scanned.join(', ')} in ${query.query.replace(/\s+/g, ' ').slice(0, 300)}`)
      }
    }
    expect(problems).toEqual([])
  }, 300_000)

  it("reads each page of the admins' audit log in chain order through an index, with no sort of the log", async () => {
    const admin = await db().user.create({ data: { email: `hot-admin-${Date.now()}@example.com`, role: 'admin' }, select: { id: true, email: true } })
    await db().auditEvent.createMany({
      data: Array.from({ length: 60 }, (_, index) => ({
        userId: 'scale-user-7',
        ...(index % 2 ? { actorId: admin.id } : { actorName: 'SCIM: HR system' }),
        type: 'account_suspended',
        result: 'success',
        seq: 1_000_000 + index,
      })),
    })
    const pages: [string, Parameters<typeof listAuditLog>[0]][] = [
      ['everything', {}],
      ['a later page', { before: 150_000 }],
      ['one person', { person: 'scale-7@example.org' }],
      ['one event type', { type: 'sign_in_requested' }],
      ['failures', { result: 'failure' }],
      ['one actor', { actor: admin.email }],
      ['a machine client', { actor: 'SCIM: HR system' }],
    ]
    for (const [name, filter] of pages) {
      const { result, queries } = await captureStatements(() => listAuditLog(filter))
      expect(result.rows.length, name).toBeGreaterThan(0)
      const sealed = queries.find((query) => /ORDER BY [`"\w.]*[`"]seq[`"] DESC/.test(query.query))
      expect(sealed, name).toBeDefined()
      const plan = await explain(sealed!)
      expect(
        fullScans(plan).filter((table) => table === 'AuditEvent'),
        `${name}: ${plan}`,
      ).toEqual([])
      expect(plan, name).toMatch(/AuditEvent_(\w+_)?seq_(idx|key)/)
      expect(plan, name).not.toMatch(/\bSort\b|TEMP B-TREE/)
    }
  }, 120_000)

  it('answers a SCIM page through the address index (its totalResults is a count, linear in accounts)', async () => {
    const { result, queries } = await captureStatements(() => listScimPeople(5001, 100))
    expect(result.rows).toHaveLength(100)
    expect(result.total).toBeGreaterThanOrEqual(100_000)
    const page = queries.find((query) => /ORDER BY [`"\w.]*[`"]email[`"] ASC/.test(query.query))!
    const plan = await explain(page)
    expect(fullScans(plan), plan).toEqual([])
    expect(plan).not.toMatch(/\bSort\b|TEMP B-TREE/)
  }, 60_000)
})
