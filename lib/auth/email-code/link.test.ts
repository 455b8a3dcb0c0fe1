import { describe, expect, it } from 'vitest'
import { db } from '../../db'
import { createEmailChallenge, type CreatedChallenge } from './challenge'
import { claimApprovedSignIn } from './pending-request'
import { confirmEmailLink, describeEmailLink } from './link'
import { approvalNumber } from './link-approval'

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

describe('email links', () => {
  it('are not consumed by reading them; the first confirmation uses them', async () => {
    const user = await existingUser()
    const challenge = await request(user.email)
    const first = await describeEmailLink(challenge.linkToken, challenge.browserSecret)
    const again = await describeEmailLink(challenge.linkToken, undefined)
    expect(first).toMatchObject({ status: 'ready', sameBrowser: true, email: user.email })
    expect(again).toMatchObject({ status: 'ready', sameBrowser: false, requestedFrom: { browser: 'Chrome', system: 'Linux' } })
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
    const results = await Promise.all(wrong.map((code) => confirmEmailLink({ linkToken: challenge.linkToken, mode: 'here', code })))
    // Ten guesses raced; only five were ever checked (four "wrong", the fifth burned the request), the rest refused.
    expect(results.every((result) => !result.ok)).toBe(true)
    expect(results.filter((result) => !result.ok && result.reason === 'code_wrong')).toHaveLength(4)
    // The burned request signs nobody in, even with the right code.
    expect(await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'here', code: challenge.code })).toMatchObject({ ok: false })
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
