import { describe, expect, it } from 'vitest'
import { testContext } from '../../../testing/use-case'
import { db } from '../../db'
import { sessionCookie } from '../session/cookie'
import { createEmailChallenge } from './challenge'
import { approvalNumber } from './link-approval'
import { confirmLink, signInStatus } from './link-sign-in'
import { signInRequestCookie } from './request-cookie'

const SIGN_IN = signInRequestCookie().name
const SESSION = sessionCookie().name
const request = { ipAddress: '198.51.100.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0' }

async function account() {
  const email = `link-${Math.random().toString(36).slice(2, 10)}@example.com`
  return db().user.create({ data: { email, emailVerifiedAt: new Date() }, select: { id: true, email: true } })
}

/** A sign-in request and the browser that made it (its cookie set). */
async function requested(email: string) {
  const challenge = await createEmailChallenge({ email, returnTo: '/account/passkeys', context: request, policy: 'open' })
  return { challenge, asking: testContext({ request, cookies: { [SIGN_IN]: challenge.browserSecret } }) }
}

const rowsOf = (type: string, userId: string) =>
  db().auditEvent.findMany({ where: { type, userId }, select: { result: true, method: true, reason: true }, orderBy: { createdAt: 'asc' } })

describe('confirmLink', () => {
  it('"here" in the browser that asked signs it in: the session cookie, the request cookie gone, the sign-in recorded', async () => {
    const user = await account()
    const { challenge, asking } = await requested(user.email)
    const link = { token: challenge.linkToken, mode: 'here', number: '', code: '' } as const
    expect(await confirmLink(link, asking)).toEqual({ ok: true, mode: 'here', redirectTo: '/account/passkeys' })
    expect(asking.cookies.values.has(SESSION)).toBe(true)
    expect(asking.cookies.values.has(SIGN_IN)).toBe(false)
    expect(await rowsOf('sign_in', user.id)).toEqual([{ result: 'success', method: 'magic_link', reason: null }])

    // Used once: a second press is refused and recorded.
    const again = testContext({ request })
    expect(await confirmLink(link, again)).toMatchObject({ ok: false, state: { code: 'link_used' } })
    expect(again.cookies.values.has(SESSION)).toBe(false)
    expect(await rowsOf('sign_in', user.id)).toEqual([
      { result: 'success', method: 'magic_link', reason: null },
      { result: 'failure', method: 'magic_link', reason: 'link_used' },
    ])
  })

  it('"here" in another browser takes the code from the same email; a wrong one is shown on the code field', async () => {
    const user = await account()
    const { challenge } = await requested(user.email)
    const other = testContext({ request })
    const wrong = challenge.code === '000000' ? '111111' : '000000'
    expect(await confirmLink({ token: challenge.linkToken, mode: 'here', number: '', code: wrong }, other)).toMatchObject({
      ok: false,
      state: { code: 'code_wrong', field: 'code' },
    })
    expect(await confirmLink({ token: challenge.linkToken, mode: 'here', number: '', code: challenge.code }, other)).toMatchObject({ ok: true })
    expect(other.cookies.values.has(SESSION)).toBe(true)
  })

  it('"approve" with the number the waiting browser shows lets that browser sign in, and signs in nobody here', async () => {
    const user = await account()
    const { challenge } = await requested(user.email)
    const phone = testContext({ request })
    expect(await confirmLink({ token: challenge.linkToken, mode: 'approve', number: '', code: '' }, phone)).toMatchObject({
      ok: false,
      state: { code: 'approval_number_wrong', field: 'number' },
    })
    const number = approvalNumber(challenge.challengeId)
    expect(await confirmLink({ token: challenge.linkToken, mode: 'approve', number, code: '' }, phone)).toEqual({ ok: true, mode: 'approve' })
    expect(phone.cookies.values.size).toBe(0)
    expect(await rowsOf('sign_in_approved', user.id)).toEqual([{ result: 'success', method: 'magic_link', reason: null }])
  })
})

describe('signInStatus', () => {
  it('keeps the asking browser waiting until the link is approved, then signs it in once', async () => {
    const user = await account()
    const { challenge, asking } = await requested(user.email)
    expect(await signInStatus(asking)).toEqual({ state: 'waiting', delivery: null })
    const number = approvalNumber(challenge.challengeId)
    await confirmLink({ token: challenge.linkToken, mode: 'approve', number, code: '' }, testContext({ request }))

    const twin = testContext({ request, cookies: { [SIGN_IN]: challenge.browserSecret } })
    expect(await signInStatus(asking)).toEqual({ state: 'signed-in', redirectTo: '/account/passkeys' })
    expect(asking.cookies.values.has(SESSION)).toBe(true)
    expect(asking.cookies.values.has(SIGN_IN)).toBe(false)
    expect(await rowsOf('sign_in', user.id)).toEqual([{ result: 'success', method: 'magic_link', reason: null }])
    // The approval is claimed once: another poll with the same cookie finds it used.
    expect(await signInStatus(twin)).toEqual({ state: 'gone' })
    expect(twin.cookies.values.has(SESSION)).toBe(false)
  })

  it('answers "gone" to a browser without a request, or with a cookie too long to be one', async () => {
    expect(await signInStatus(testContext({ request }))).toEqual({ state: 'gone' })
    expect(await signInStatus(testContext({ request, cookies: { [SIGN_IN]: 'x'.repeat(129) } }))).toEqual({ state: 'gone' })
  })
})
