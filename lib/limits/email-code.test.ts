import { describe, expect, it } from 'vitest'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { CONSECUTIVE_FAILURE_CAP, countCodeFailure, emailRequestRefusal, sendPausedNotice, type BrowserStanding } from './email-code'
import { createEmailChallenge, signInRecipient } from '../auth/email-code/challenge'
import type { ChallengePurpose } from '../auth/email-code/purpose'
import { countStatements } from '../../testing/query-count'
import { verifyEmailCode } from '../auth/email-code/code-check'

const context = { ipAddress: null, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36' }

async function owner() {
  const email = `owner-${Math.random().toString(36).slice(2, 10)}@example.com`
  return db().user.create({ data: { email, emailVerifiedAt: new Date() }, select: { id: true, email: true } })
}

/** A send as the actions make it: the limits first; each request from its own network, so only per-address limits apply. */
function ask(user: { id: string; email: string }, purpose: ChallengePurpose, standing: BrowserStanding) {
  const ipAddress = `198.51.100.${Math.floor(Math.random() * 250) + 1}`
  return emailRequestRefusal({ email: user.email, ipAddress, purpose, userId: user.id, standing })
}

/** A sign-in send as the sign-in action makes it: the wrong-code lock read with the recipient, in its statement. */
async function askForSignIn(email: string, standing: BrowserStanding) {
  const ipAddress = `198.51.100.${Math.floor(Math.random() * 250) + 1}`
  const recipient = await signInRecipient(email, 'open')
  return emailRequestRefusal({ email, ipAddress, purpose: 'sign_in', userId: recipient.userId, standing, locks: recipient.locks })
}

const fail = (user: { id: string; email: string }, purpose: ChallengePurpose, standing: BrowserStanding) =>
  countCodeFailure({ email: user.email, userId: user.id, purpose, standing, context })

describe('limits on emailed codes that do not lock the owner out', () => {
  it('someone who knows only the address exhausts the sends of new browsers, not those of the owner’s browser, recovery or confirmations', async () => {
    const user = await owner()
    for (let index = 0; index < 5; index++) expect(await ask(user, 'sign_in', 'new')).toBeNull()
    expect(await ask(user, 'sign_in', 'new')).toMatchObject({ code: 'rate_limited_send' })
    expect(await ask(user, 'sign_in', 'known')).toBeNull()
    expect(await ask(user, 'recovery', 'new')).toBeNull()
    expect(await ask(user, 'step_up', 'known')).toBeNull()
  })

  it('one network asking for many addresses meets its own send limit, counted in the same statement as each address’s', async () => {
    // An address of its own: the other tests pick theirs at random from 198.51.100.0/24.
    const ipAddress = '192.0.2.231'
    const users = await Promise.all(Array.from({ length: 31 }, () => owner()))
    const answers = []
    for (const user of users) answers.push(await emailRequestRefusal({ email: user.email, ipAddress, purpose: 'sign_in', userId: user.id, standing: 'new' }))
    expect(answers.slice(0, 30)).toEqual(Array(30).fill(null))
    expect(answers[30]).toMatchObject({ code: 'rate_limited_send', retryAt: expect.any(Date) })
    // Another network is not affected.
    expect(await ask(await owner(), 'sign_in', 'new')).toBeNull()
  })

  it('a sign-in request reads the wrong-code lock with its recipient: the account, the lock and the send limits in two statements', async () => {
    const user = await owner()
    const { result, statements } = await countStatements(() => askForSignIn(user.email, 'new'))
    expect(result).toBeNull()
    expect(statements).toBe(2)
    // An address without an account reads its lock too, in the same statement.
    const unknown = await signInRecipient(`nobody-${Math.random().toString(36).slice(2, 10)}@example.com`, 'open')
    expect(unknown).toMatchObject({ userId: null, locks: { known: null, new: null } })
  })

  it('wrong codes against the attacker’s own request lock new browsers only; the owner’s pending code still works', async () => {
    const user = await owner()
    const mine = await createEmailChallenge({ email: user.email, returnTo: null, context, recipient: { userId: user.id, deliver: true }, knownBrowser: true })
    // The attacker's request neither supersedes the owner's nor survives the lock.
    const theirs = await createEmailChallenge({ email: user.email, returnTo: null, context, recipient: { userId: user.id, deliver: true } })
    let lock: Awaited<ReturnType<typeof fail>> = { lockedUntil: null, paused: false, noticeDue: false }
    for (let index = 0; index < 20; index++) lock = await fail(user, 'sign_in', 'new')
    expect(lock.lockedUntil).not.toBeNull()
    expect(await ask(user, 'sign_in', 'new')).toMatchObject({ code: 'account_locked' })
    expect(await ask(user, 'sign_in', 'known')).toBeNull()
    expect(await askForSignIn(user.email, 'new')).toMatchObject({ code: 'account_locked', retryAt: expect.any(Date) })
    expect(await askForSignIn(user.email, 'known')).toBeNull()
    expect(await db().emailChallenge.findUniqueOrThrow({ where: { id: theirs.challengeId }, select: { status: true } })).toEqual({ status: 'burned' })
    expect(await verifyEmailCode({ browserSecret: mine.browserSecret, code: mine.code })).toMatchObject({ ok: true, user: { id: user.id } })
  })

  it(`after ${CONSECUTIVE_FAILURE_CAP} consecutive wrong codes, email sign-in from new browsers pauses until the account signs in another way`, async () => {
    const user = await owner()
    const results = []
    for (let index = 0; index < CONSECUTIVE_FAILURE_CAP; index++) results.push(await fail(user, 'sign_in', 'new'))
    expect(results.slice(0, -1).some((result) => result.paused)).toBe(false)
    expect(results.at(-1)).toEqual({ lockedUntil: null, paused: true, noticeDue: true })
    expect(await db().auditEvent.count({ where: { userId: user.id, type: 'email_sign_in_paused' } })).toBe(1)
    // A code typed into a request the cap burned is told the pause again, but the person is not emailed again.
    expect(await fail(user, 'sign_in', 'new')).toEqual({ lockedUntil: null, paused: true, noticeDue: false })
    expect(await db().auditEvent.count({ where: { userId: user.id, type: 'email_sign_in_paused' } })).toBe(1)
    // Hours later the hourly window is long over: still paused for new browsers, never for the owner's.
    expect(await ask(user, 'sign_in', 'new')).toMatchObject({ code: 'email_sign_in_paused', retryAt: null })
    expect(await ask(user, 'sign_in', 'known')).toBeNull()
    expect(await askForSignIn(user.email, 'new')).toMatchObject({ code: 'email_sign_in_paused', retryAt: null })
    // A passkey sign-in lifts it.
    await recordEvent({ type: 'sign_in', result: 'success', userId: user.id, method: 'passkey' })
    expect(await ask(user, 'sign_in', 'new')).toBeNull()
  })

  it('the person is told when the pause begins', async () => {
    const user = await owner()
    await sendPausedNotice(user.id, { ipAddress: '203.0.113.4', userAgent: 'IT desk: press Approve/1.0' })
    const notice = await db().mailboxMessage.findFirstOrThrow({ where: { to: user.email } })
    expect(notice.subject).toBe('Email sign-in from new browsers is paused')
    expect(notice.text).toContain('an unknown browser')
    expect(notice.text).not.toContain('press Approve')
  })

  it('a successful sign-in ends the streak: failures on both sides of it are not consecutive', async () => {
    const user = await owner()
    for (let index = 0; index < 60; index++) await fail(user, 'sign_in', 'new')
    await new Promise((resolve) => setTimeout(resolve, 5))
    await recordEvent({ type: 'sign_in', result: 'success', userId: user.id, method: 'email_code' })
    const after = []
    for (let index = 0; index < 60; index++) after.push(await fail(user, 'sign_in', 'new'))
    expect(after.some((result) => result.paused)).toBe(false)
  })
})
