import { describe, expect, it } from 'vitest'
import { db } from '../../db'
import { consume, emailKey, ipKey } from '../../limits/store'
import { countStatements } from '../../../testing/query-count'
import { MAX_CODE_ATTEMPTS, challengeIdFor, createEmailChallenge, type CreatedChallenge } from './challenge'
import { sendEmailChallenge } from './challenge-email'
import { verifyEmailCode } from './code-check'
import { claimApprovedSignIn } from './pending-request'
import { confirmEmailLink, describeEmailLink } from './link'
import { approvalNumber } from './link-approval'
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

describe('email links', () => {
  it('are not consumed by reading them; the first confirmation uses them', async () => {
    const user = await existingUser()
    const challenge = await request(user.email)
    const first = await describeEmailLink(challenge.linkToken, challenge.browserSecret)
    const again = await describeEmailLink(challenge.linkToken, undefined)
    expect(first).toMatchObject({ status: 'ready', sameBrowser: true, email: user.email })
    expect(again).toMatchObject({ status: 'ready', sameBrowser: false })
    expect(await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'here', browserSecret: challenge.browserSecret })).toMatchObject({
      ok: true,
      user: { id: user.id },
    })
    expect(await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'here', browserSecret: challenge.browserSecret })).toMatchObject({
      ok: false,
      reason: 'link_used',
    })
    expect((await describeEmailLink(challenge.linkToken, undefined)).status).toBe('used')
  })

  it('yield exactly one sign-in from 20 concurrent confirmations', async () => {
    const user = await existingUser()
    const challenge = await request(user.email)
    const results = await Promise.all(
      Array.from({ length: 20 }, () => confirmEmailLink({ linkToken: challenge.linkToken, mode: 'here', browserSecret: challenge.browserSecret })),
    )
    expect(results.filter((result) => result.ok)).toHaveLength(1)
    expect(results.filter((result) => !result.ok && result.reason === 'link_used')).toHaveLength(19)
  })

  it('in another browser, "sign in here" needs the code from the same email: a scanner pressing the button signs nobody in', async () => {
    const user = await existingUser()
    const challenge = await request(user.email)
    const scanner = await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'here' })
    expect(scanner).toMatchObject({ ok: false, reason: 'code_wrong' })
    const strangerCookie = await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'here', browserSecret: 'another-request-secret' })
    expect(strangerCookie).toMatchObject({ ok: false, reason: 'code_wrong' })
    expect(await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'here', code: wrongCode(challenge.code) })).toMatchObject({
      ok: false,
      reason: 'code_wrong',
    })
    // Only the typed wrong code took one of the request's attempts (pressing with no code, as a scanner would, takes
    // none); the right code still signs this browser in, once.
    expect((await db().emailChallenge.findUniqueOrThrow({ where: { id: challenge.challengeId } })).attempts).toBe(1)
    expect(await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'here', code: challenge.code })).toMatchObject({ ok: true, user: { id: user.id } })
    expect(await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'here', code: challenge.code })).toMatchObject({ ok: false, reason: 'link_used' })
  })

  it('in another browser, concurrent code guesses on a link cannot exceed its 5 attempts', async () => {
    const user = await existingUser()
    const challenge = await request(user.email)
    const wrong = Array.from({ length: 10 }, (_, index) => String((Number(challenge.code) + 1 + index) % 1_000_000).padStart(6, '0'))
    const results = await Promise.all([...wrong, challenge.code].map((code) => confirmEmailLink({ linkToken: challenge.linkToken, mode: 'here', code })))
    // Five wrong guesses burned the request before the right one was checked: it signs nobody in.
    expect(results.at(-1)).toMatchObject({ ok: false })
    expect(await db().emailChallenge.findUniqueOrThrow({ where: { id: challenge.challengeId }, select: { status: true, attempts: true } })).toEqual({
      status: 'burned',
      attempts: 5,
    })
  })

  it('in another browser, a link whose email had no code, or whose account signs in without links, says so', async () => {
    const user = await existingUser()
    const linkOnly = await createEmailChallenge({
      email: user.email,
      returnTo: null,
      context,
      recipient: { userId: user.id, deliver: true, parts: { code: false, link: true, minutes: 10 } },
    })
    expect(await confirmEmailLink({ linkToken: linkOnly.linkToken, mode: 'here', code: linkOnly.code })).toMatchObject({ reason: 'link_needs_asking_device' })
    const admin = await db().user.create({ data: { email: uniqueEmail('admin'), groupId: 'administrators', role: 'admin' }, select: { id: true, email: true } })
    const noLinks = await createEmailChallenge({ email: admin.email, returnTo: null, context, recipient: { userId: admin.id, deliver: true } })
    expect(await confirmEmailLink({ linkToken: noLinks.linkToken, mode: 'here', code: noLinks.code })).toMatchObject({
      reason: 'method_link_not_allowed',
    })
    expect(await db().emailChallenge.findUniqueOrThrow({ where: { id: linkOnly.challengeId }, select: { attempts: true } })).toEqual({ attempts: 0 })
    // The right code was checked (one attempt), and the request is pending again: the code screen still takes it.
    expect(await db().emailChallenge.findUniqueOrThrow({ where: { id: noLinks.challengeId }, select: { status: true, attempts: true } })).toEqual({
      status: 'pending',
      attempts: 1,
    })
  })

  it('approved on another device sign the waiting browser in, once', async () => {
    const email = uniqueEmail('approver')
    const challenge = await request(email)
    expect(await claimApprovedSignIn(challenge.browserSecret)).toBeNull()
    const approval = await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'approve', number: approvalNumber(challenge.challengeId), policy: 'open' })
    expect(approval).toMatchObject({ ok: true, user: { created: true } })
    const claims = await Promise.all([claimApprovedSignIn(challenge.browserSecret), claimApprovedSignIn(challenge.browserSecret)])
    expect(claims.filter(Boolean)).toHaveLength(1)
    expect(claims.find(Boolean)).toMatchObject({ returnTo: '/account/passkeys' })
    expect(await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'here', browserSecret: challenge.browserSecret })).toMatchObject({
      ok: false,
      reason: 'link_used',
    })
  })

  it('approval needs the number the waiting browser shows; wrong numbers use up the request', async () => {
    const challenge = await request(uniqueEmail('matcher'))
    const right = approvalNumber(challenge.challengeId)
    expect(right).toMatch(/^[1-9]\d$/)
    const wrong = right === '42' ? '43' : '42'
    const arabicIndic = [...right].map((digit) => String.fromCharCode(0x0660 + Number(digit))).join('')
    // Nothing typed is refused without using an attempt (a scanner pressing the button must not burn the request).
    for (const typed of [undefined, '']) {
      expect(await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'approve', number: typed })).toMatchObject({ reason: 'approval_number_wrong' })
    }
    expect((await db().emailChallenge.findUniqueOrThrow({ where: { id: challenge.challengeId } })).attempts).toBe(0)
    for (const typed of [wrong, `${right}0`, ' '.repeat(2), arabicIndic, `0${right}`]) {
      expect(await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'approve', number: typed }), String(typed)).toMatchObject({
        ok: false,
        reason: 'approval_number_wrong',
      })
    }
    // Five wrong numbers burned the request: even the right one is too late now.
    expect(await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'approve', number: right })).toMatchObject({ ok: false })
    expect(await claimApprovedSignIn(challenge.browserSecret)).toBeNull()

    const next = await request(uniqueEmail('matcher'))
    expect(await confirmEmailLink({ linkToken: next.linkToken, mode: 'approve', number: approvalNumber(next.challengeId) })).toMatchObject({ ok: true })
  })

  it('a request older than 5 minutes can be used to sign in here, never approved for the browser that asked', async () => {
    const created = new Date(Date.now() - 6 * MINUTE)
    const challenge = await request(uniqueEmail('old'), { now: created })
    const number = approvalNumber(challenge.challengeId)
    expect(await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'approve', number })).toMatchObject({ ok: false, reason: 'approval_too_old' })
    expect(await claimApprovedSignIn(challenge.browserSecret)).toBeNull()
    expect(await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'here', browserSecret: challenge.browserSecret })).toMatchObject({ ok: true })
  })

  it('an approval is claimed within the window only', async () => {
    const challenge = await request(uniqueEmail('late'))
    await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'approve', number: approvalNumber(challenge.challengeId) })
    expect(await claimApprovedSignIn(challenge.browserSecret, new Date(Date.now() + 6 * MINUTE))).toBeNull()
    expect(await claimApprovedSignIn(challenge.browserSecret)).not.toBeNull()
  })

  it('reject tokens that were never issued', async () => {
    expect(await confirmEmailLink({ linkToken: 'x'.repeat(43), mode: 'here' })).toMatchObject({ ok: false, reason: 'link_invalid' })
    expect(await confirmEmailLink({ linkToken: '../../etc', mode: 'here' })).toMatchObject({ ok: false, reason: 'link_invalid' })
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
      expect(part).toMatch(/expire in 10 minutes, at \d\d:\d\d \(Europe\/Paris\)/)
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
