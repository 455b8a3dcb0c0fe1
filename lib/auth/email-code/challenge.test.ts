import { describe, expect, it } from 'vitest'
import { db } from '../../db'
import { consume, emailKey, ipKey } from '../../limits/store'
import { countStatements } from '../../../testing/query-count'
import { MAX_CODE_ATTEMPTS, challengeIdFor, createEmailChallenge, type CreatedChallenge } from './challenge'
import { sendEmailChallenge } from './challenge-email'
import { verifyEmailCode } from './code-check'
import { confirmEmailLink, describeEmailLink } from './link'
import { accountOf, startSession } from '../session/issue'

const context = { ipAddress: '203.0.113.9', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36' }
const MINUTE = 60_000

function uniqueEmail(name = 'user') {
  return `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`
}

/** An account that has signed in by email before (its address is verified). */
async function existingUser() {
  return db().user.create({ data: { email: uniqueEmail('known'), emailVerifiedAt: new Date() }, select: { id: true, email: true } })
}

function request(email: string, options: { policy?: 'open' | 'invite-only'; now?: Date } = {}): Promise<CreatedChallenge> {
  return createEmailChallenge({ email, returnTo: '/account/passkeys', context, policy: options.policy ?? 'open', now: options.now })
}

function wrongCode(code: string): string {
  return ((Number(code) + 1) % 1_000_000).toString().padStart(6, '0')
}

describe('email challenges', () => {
  it('stores only hashes of the code, the link token and the browser secret', async () => {
    const challenge = await request(uniqueEmail())
    const row = await db().emailChallenge.findUniqueOrThrow({ where: { id: challenge.challengeId } })
    expect(challenge.code).toMatch(/^\d{6}$/)
    expect(Buffer.from(challenge.linkToken, 'base64url').length).toBeGreaterThanOrEqual(16)
    expect(row.id).toBe(challengeIdFor(challenge.browserSecret))
    const stored = JSON.stringify(row)
    for (const secret of [challenge.code, challenge.linkToken, challenge.browserSecret]) expect(stored).not.toContain(secret)
  })

  it('signs a new address in with its code and creates the account under open sign-up', async () => {
    const email = uniqueEmail('new')
    const challenge = await request(email)
    const result = await verifyEmailCode({ browserSecret: challenge.browserSecret, code: challenge.code, policy: 'open' })
    expect(result).toMatchObject({ ok: true, email, returnTo: '/account/passkeys', user: { created: true } })
    // Created with its first session (startSession), not before.
    expect(await db().user.count({ where: { email } })).toBe(0)
  })

  it('uses a code once', async () => {
    const user = await existingUser()
    const challenge = await request(user.email)
    expect(await verifyEmailCode({ browserSecret: challenge.browserSecret, code: challenge.code })).toMatchObject({
      ok: true,
      user: { id: user.id, created: false },
    })
    expect(await verifyEmailCode({ browserSecret: challenge.browserSecret, code: challenge.code })).toMatchObject({ ok: false, reason: 'request_gone' })
  })

  it('burns a code after 5 wrong guesses, and a new request works', async () => {
    const user = await existingUser()
    const challenge = await request(user.email)
    const reasons = []
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) {
      reasons.push((await verifyEmailCode({ browserSecret: challenge.browserSecret, code: wrongCode(challenge.code) })) as { reason: string })
    }
    expect(reasons.map((result) => result.reason)).toEqual(['code_wrong', 'code_wrong', 'code_wrong', 'code_wrong', 'code_burned'])
    expect(await verifyEmailCode({ browserSecret: challenge.browserSecret, code: challenge.code })).toMatchObject({ ok: false, reason: 'code_burned' })
    expect(await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'here', browserSecret: challenge.browserSecret })).toMatchObject({ ok: false })

    const next = await request(user.email)
    expect(await verifyEmailCode({ browserSecret: next.browserSecret, code: next.code })).toMatchObject({ ok: true })
  })

  it('never lets concurrent guesses exceed 5 per code', async () => {
    const challenge = await request(uniqueEmail())
    const guesses = Array.from({ length: 30 }, (_, i) => ((Number(challenge.code) + 1 + i) % 1_000_000).toString().padStart(6, '0'))
    const results = await Promise.all(guesses.map((code) => verifyEmailCode({ browserSecret: challenge.browserSecret, code })))
    expect(results.every((result) => !result.ok)).toBe(true)
    // Each guess is checked in the statement that takes its attempt, so the counter is the number of guesses checked.
    const row = await db().emailChallenge.findUniqueOrThrow({ where: { id: challenge.challengeId } })
    expect(row.attempts).toBe(MAX_CODE_ATTEMPTS)
    expect(row.status).toBe('burned')
  })

  it('binds a code to the request that created it', async () => {
    const first = await request(uniqueEmail('a'))
    const other = await request(uniqueEmail('b'))
    expect(await verifyEmailCode({ browserSecret: other.browserSecret, code: first.code })).toMatchObject({ ok: false, reason: 'code_wrong' })

    const email = uniqueEmail('again')
    const older = await request(email)
    const newer = await request(email)
    expect(await verifyEmailCode({ browserSecret: newer.browserSecret, code: older.code })).toMatchObject({ ok: false })
    expect(await verifyEmailCode({ browserSecret: older.browserSecret, code: older.code })).toMatchObject({ ok: false, reason: 'request_superseded' })
    expect(await confirmEmailLink({ linkToken: older.linkToken, mode: 'here', browserSecret: older.browserSecret })).toMatchObject({
      ok: false,
      reason: 'link_superseded',
    })
    expect(await verifyEmailCode({ browserSecret: newer.browserSecret, code: newer.code })).toMatchObject({ ok: true })
  })

  it('two requests for one address made at once never end each other', async () => {
    const email = uniqueEmail('racing')
    const now = new Date()
    // Both run side by side, in the same millisecond: neither may supersede the other after it was stored.
    const [first, second] = await Promise.all([request(email, { now }), request(email, { now })])
    const open = await db().emailChallenge.findMany({ where: { email, status: 'pending' }, select: { id: true } })
    expect(open.map((row) => row.id)).toContain(second.challengeId)
    const older = open.some((row) => row.id === first.challengeId) ? first : second
    expect(await verifyEmailCode({ browserSecret: older.browserSecret, code: older.code })).toMatchObject({ ok: true })
  })

  it('rejects an expired code and an expired link', async () => {
    const start = new Date()
    const later = new Date(start.getTime() + 10 * MINUTE + 1000)
    const byCode = await request(uniqueEmail(), { now: start })
    expect(await verifyEmailCode({ browserSecret: byCode.browserSecret, code: byCode.code, now: later })).toMatchObject({ ok: false, reason: 'code_expired' })
    expect(await confirmEmailLink({ linkToken: byCode.linkToken, mode: 'here', browserSecret: byCode.browserSecret, now: later })).toMatchObject({
      ok: false,
      reason: 'link_expired',
    })
    const justBefore = new Date(start.getTime() + 10 * MINUTE - 1000)
    expect(await verifyEmailCode({ browserSecret: byCode.browserSecret, code: byCode.code, now: justBefore })).toMatchObject({ ok: true })
    const byLink = await request(uniqueEmail(), { now: start })
    expect(await confirmEmailLink({ linkToken: byLink.linkToken, mode: 'here', browserSecret: byLink.browserSecret, now: later })).toMatchObject({
      ok: false,
      reason: 'link_expired',
    })
    expect((await describeEmailLink(byLink.linkToken, undefined, later)).status).toBe('expired')
  })

  it('sends nothing and creates nothing for an unknown address under invite-only', async () => {
    const email = uniqueEmail('stranger')
    const challenge = await request(email, { policy: 'invite-only' })
    expect(challenge.deliver).toBe(false)
    expect(await verifyEmailCode({ browserSecret: challenge.browserSecret, code: challenge.code, policy: 'invite-only' })).toMatchObject({
      ok: false,
      reason: 'code_wrong',
    })
    expect(
      await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'here', browserSecret: challenge.browserSecret, policy: 'invite-only' }),
    ).toMatchObject({ ok: false, reason: 'link_invalid' })
    expect(await db().user.count({ where: { email } })).toBe(0)
  })

  it('refuses suspended accounts', async () => {
    const user = await existingUser()
    await db().user.update({ where: { id: user.id }, data: { status: 'suspended' } })
    const challenge = await request(user.email)
    expect(challenge.deliver).toBe(false)
    expect(await verifyEmailCode({ browserSecret: challenge.browserSecret, code: challenge.code })).toMatchObject({ ok: false })
  })
})

describe('the cost of a returning user’s sign-in', () => {
  it('by code is at most 4 SQL statements, rate limit included', async () => {
    const user = await existingUser()
    const challenge = await request(user.email)
    const { result, statements } = await countStatements(async () => {
      await consume('verifyPerIp', ipKey(context.ipAddress))
      const verified = await verifyEmailCode({ browserSecret: challenge.browserSecret, code: challenge.code })
      if (!verified.ok) throw new Error(verified.reason)
      return startSession(accountOf(verified.user), 'email_code', context, {
        startedAt: verified.requestedAt,
        now: new Date(challenge.createdAt.getTime() + 41_500),
      })
    })
    expect(result.sessionId).toBeTruthy()
    expect(statements).toBeLessThanOrEqual(4)
    // Request to session, for the rollout dashboard's time to sign in.
    const entry = await db().auditEvent.findFirstOrThrow({ where: { userId: user.id, type: 'sign_in' }, select: { detail: true } })
    expect(JSON.parse(entry.detail!)).toEqual({ durationMs: 41_500 })
  })

  it('by link is at most 4 SQL statements, rate limit included', async () => {
    const user = await existingUser()
    const challenge = await request(user.email)
    const { statements } = await countStatements(async () => {
      await consume('verifyPerIp', ipKey(context.ipAddress))
      const confirmed = await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'here', browserSecret: challenge.browserSecret })
      if (!confirmed.ok) throw new Error(confirmed.reason)
      return startSession(accountOf(confirmed.user), 'magic_link', context, { startedAt: confirmed.requestedAt })
    })
    expect(statements).toBeLessThanOrEqual(4)
  })
})

describe('address verification', () => {
  it('is recorded by the first email sign-in of an invited account, by code or by link', async () => {
    for (const how of ['code', 'link'] as const) {
      const invited = await db().user.create({ data: { email: uniqueEmail(`invited-${how}`) }, select: { id: true, email: true } })
      const challenge = await request(invited.email)
      const result =
        how === 'code'
          ? await verifyEmailCode({ browserSecret: challenge.browserSecret, code: challenge.code })
          : await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'here', browserSecret: challenge.browserSecret })
      expect(result.ok).toBe(true)
      const after = await db().user.findUniqueOrThrow({ where: { id: invited.id }, select: { emailVerifiedAt: true } })
      expect(after.emailVerifiedAt).toBeInstanceOf(Date)
    }
  })

  it('is recorded when open sign-up creates the account, which exists only together with its first session', async () => {
    const email = uniqueEmail('new-verified')
    const challenge = await request(email)
    const result = await verifyEmailCode({ browserSecret: challenge.browserSecret, code: challenge.code })
    if (!result.ok) throw new Error(result.reason)
    expect(result.user).toEqual({ id: null, created: true, email })
    expect(await db().user.count({ where: { email } })).toBe(0)

    const { userId, sessionId } = await startSession(accountOf(result.user), 'email_code', context)
    const created = await db().user.findUniqueOrThrow({ where: { email }, select: { id: true, emailVerifiedAt: true, sessions: { select: { id: true } } } })
    expect(created).toEqual({ id: userId, emailVerifiedAt: expect.any(Date), sessions: [{ id: sessionId }] })
    const events = await db().auditEvent.findMany({ where: { userId }, select: { type: true, sessionId: true }, orderBy: { type: 'asc' } })
    expect(events).toEqual([
      { type: 'account_created', sessionId: null },
      { type: 'sign_in', sessionId },
    ])
  })
})

describe('sign-in email', () => {
  it('carries the code, the link, the expiry, the requesting browser and a plain-text part', async () => {
    const email = uniqueEmail('mail')
    const challenge = await request(email)
    await sendEmailChallenge(challenge, context, 'Europe/Paris')
    const message = await db().mailboxMessage.findFirstOrThrow({ where: { to: email } })
    expect(message.subject).toBe('Sign in to Passkey Portal')
    for (const part of [message.html.replaceAll('&#x27;', "'"), message.text]) {
      expect(part).toContain(challenge.code)
      expect(part).toContain(`http://localhost:3000/sign-in/link?token=${challenge.linkToken}`)
      // In the zone the form sent, named: Paris in winter or summer.
      expect(part).toMatch(/expire in 10 minutes, at \d{1,2}:\d\d [AP]M GMT\+[12], and work once/)
      expect(part).toContain('Chrome on Linux')
      expect(part).toContain("If this wasn't you, ignore this email")
    }
    expect(message.text).not.toContain('<')
  })
})

describe('code failure limit per address', () => {
  it('counts failures by address, so unknown and known addresses are treated alike', async () => {
    const key = emailKey(uniqueEmail())
    for (let i = 0; i < 19; i++) expect((await consume('codeFailuresPerAccount', key)).remaining).toBe(19 - i)
    expect((await consume('codeFailuresPerAccount', key)).remaining).toBe(0)
    await expect(consume('codeFailuresPerAccount', key)).rejects.toMatchObject({ name: 'RateLimitedError' })
  })
})
