import { describe, expect, it } from 'vitest'
import { db } from '../../db'
import { ipKey, peek } from '../../limits/store'
import { BREAK_GLASS_GROUP } from '../../policy/presets'
import { enrolSoftPasskey, newPerson, softAnswer } from '../../../testing/passkeys'
import { countStatements } from '../../../testing/query-count'
import { testContext } from '../../../testing/use-case'
import { sessionCookie } from '../session/cookie'
import { lastMethodCookie } from '../session/last-method'
import { crossDeviceCookie, devicePasskeysCookie } from './device-passkeys'
import { signInOptions, signInWithPasskey } from './sign-in'
import { ceremonyCookie } from './webauthn'

let networks = 0
/** A browser on a network of its own, so each one's failure counter starts at zero. */
const browser = () => testContext({ request: { ipAddress: `198.51.100.${++networks}`, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0' } })

const failuresCounted = async (ipAddress: string | null) => (await peek('passkeyFailuresPerIp', ipKey(ipAddress)))?.points ?? 0
const history = (userId: string) =>
  db().auditEvent.findMany({
    where: { userId },
    orderBy: { id: 'asc' },
    select: { type: true, result: true, reason: true, method: true, sessionId: true, detail: true },
  })
const mailTo = (address: string) => db().mailboxMessage.findMany({ where: { to: address }, select: { subject: true, text: true } })

describe('passkey sign-in options', () => {
  it('bind a sealed challenge to this browser and read nothing', async () => {
    const ctx = browser()
    const { result: options, statements } = await countStatements(() => signInOptions(ctx))
    expect(statements).toBe(0)
    expect(options.allowCredentials ?? []).toEqual([])
    expect(ctx.cookies.get(ceremonyCookie().name)?.value).toMatch(/^v2\./)
  })
})

describe('signing in with a passkey', () => {
  it('signs this browser in, remembers the passkey on it, and flags nothing for a normal account', async () => {
    const person = await newPerson()
    const admin = await newPerson({ role: 'admin' })
    const { soft } = await enrolSoftPasskey(person)
    const ctx = browser()
    const options = await signInOptions(ctx)
    const outcome = await signInWithPasskey({ response: softAnswer(soft, options.challenge) }, ctx)
    expect(outcome).toMatchObject({ ok: true, userId: person.id })
    expect(ctx.cookies.has(sessionCookie().name)).toBe(true)
    expect(ctx.cookies.has(ceremonyCookie().name)).toBe(false)
    expect(ctx.cookies.get(devicePasskeysCookie().name)?.value).toBe(soft.credentialId)
    expect(ctx.cookies.get(lastMethodCookie().name)?.value).toBe('passkey')
    const rows = await history(person.id)
    expect(rows.filter((row) => row.type === 'sign_in')).toEqual([expect.objectContaining({ result: 'success', method: 'passkey' })])
    expect(rows.some((row) => row.type === 'break_glass_sign_in')).toBe(false)
    await ctx.runLater()
    expect(await mailTo(admin.email)).toEqual([])
  })

  it('after a passkey from another device, lists it not as this device’s and offers one here; this device’s own ends that', async () => {
    const person = await newPerson()
    const { soft } = await enrolSoftPasskey(person)
    const ctx = browser()
    const options = await signInOptions(ctx)
    const phone = { ...softAnswer(soft, options.challenge), authenticatorAttachment: 'cross-platform' as const }
    expect(await signInWithPasskey({ response: phone }, ctx)).toMatchObject({ ok: true })
    expect(ctx.cookies.has(devicePasskeysCookie().name)).toBe(false)
    expect(ctx.cookies.get(crossDeviceCookie().name)?.value).toBe('1')
    await ctx.runLater()
    expect((await history(person.id)).filter((row) => row.type === 'passkey_nudge_offered')).toEqual([
      expect.objectContaining({ result: 'success', method: 'passkey' }),
    ])

    const again = await signInOptions(ctx)
    const here = { ...softAnswer(soft, again.challenge), authenticatorAttachment: 'platform' as const }
    expect(await signInWithPasskey({ response: here }, ctx)).toMatchObject({ ok: true })
    expect(ctx.cookies.get(devicePasskeysCookie().name)?.value).toBe(soft.credentialId)
    expect(ctx.cookies.has(crossDeviceCookie().name)).toBe(false)
  })

  it('flags the break-glass account’s sign-in in the history and tells the other administrators', async () => {
    const breakGlass = await newPerson({ groupId: BREAK_GLASS_GROUP, role: 'admin' })
    const admin = await newPerson({ role: 'admin' })
    const { soft } = await enrolSoftPasskey(breakGlass)
    const ctx = browser()
    const options = await signInOptions(ctx)
    const outcome = await signInWithPasskey({ response: softAnswer(soft, options.challenge) }, ctx)
    if (!outcome.ok) throw new Error(outcome.reason)
    const flagged = (await history(breakGlass.id)).filter((row) => row.type === 'break_glass_sign_in')
    expect(flagged).toEqual([expect.objectContaining({ result: 'success', method: 'passkey', sessionId: outcome.sessionId })])
    expect(await mailTo(admin.email)).toEqual([])
    await ctx.runLater()
    const [notice] = await mailTo(admin.email)
    expect(notice?.subject).toContain('The break-glass administrator signed in')
    expect(notice?.text).toContain(breakGlass.email)
  })

  it('refuses a counter that did not move forward: a possible copy, flagged and told, no session', async () => {
    const person = await newPerson()
    const { soft, passkeyId } = await enrolSoftPasskey(person, { counter: 5 })
    const first = browser()
    expect(await signInWithPasskey({ response: softAnswer(soft, (await signInOptions(first)).challenge, { counter: 9 }) }, first)).toMatchObject({
      ok: true,
    })
    const ctx = browser()
    const options = await signInOptions(ctx)
    const outcome = await signInWithPasskey({ response: softAnswer(soft, options.challenge, { counter: 7 }) }, ctx)
    expect(outcome).toEqual({ ok: false, reason: 'passkey_clone' })
    expect(ctx.cookies.has(sessionCookie().name)).toBe(false)
    expect(ctx.cookies.has(devicePasskeysCookie().name)).toBe(false)
    const rows = (await history(person.id)).filter((row) => row.result === 'failure')
    expect(rows).toEqual([
      expect.objectContaining({ type: 'sign_in', method: 'passkey', reason: 'passkey_clone' }),
      expect.objectContaining({ type: 'passkey_clone_suspected', method: 'passkey', detail: JSON.stringify({ passkeyId }) }),
    ])
    expect(await failuresCounted(ctx.request.ipAddress)).toBe(1)
    expect(ctx.pending).toHaveLength(1)
    await ctx.runLater()
    const notices = await mailTo(person.email)
    expect(notices.map((notice) => notice.subject)).toContainEqual(expect.stringContaining('possibly copied passkey'))
  })

  it('records and counts a failed verification, without a clone flag or a notice', async () => {
    const person = await newPerson()
    const { soft } = await enrolSoftPasskey(person)
    const ctx = browser()
    const options = await signInOptions(ctx)
    const outcome = await signInWithPasskey({ response: softAnswer(soft, options.challenge, { origin: 'https://portal.example.evil' }) }, ctx)
    expect(outcome).toEqual({ ok: false, reason: 'passkey_invalid' })
    expect(await history(person.id)).toContainEqual(
      expect.objectContaining({ type: 'sign_in', result: 'failure', method: 'passkey', reason: 'passkey_invalid' }),
    )
    expect((await history(person.id)).some((row) => row.type === 'passkey_clone_suspected')).toBe(false)
    expect(await failuresCounted(ctx.request.ipAddress)).toBe(1)
    expect(ctx.pending).toHaveLength(0)
    expect(ctx.cookies.has(sessionCookie().name)).toBe(false)
    // The challenge was used up by the failed answer.
    expect(await signInWithPasskey({ response: softAnswer(soft, options.challenge) }, ctx)).toEqual({ ok: false, reason: 'passkey_expired' })
  })

  it('names a passkey it does not know, so the browser can forget it', async () => {
    const person = await newPerson()
    const { soft, passkeyId } = await enrolSoftPasskey(person)
    await db().passkey.delete({ where: { id: passkeyId } })
    const ctx = browser()
    const options = await signInOptions(ctx)
    expect(await signInWithPasskey({ response: softAnswer(soft, options.challenge) }, ctx)).toEqual({
      ok: false,
      reason: 'passkey_unknown',
      unknownCredentialId: soft.credentialId,
    })
    expect(await failuresCounted(ctx.request.ipAddress)).toBe(1)
  })

  it('without a challenge in this browser, answers expired and records and counts nothing', async () => {
    const person = await newPerson()
    const { soft } = await enrolSoftPasskey(person)
    const ctx = browser()
    const options = await signInOptions(browser())
    expect(await signInWithPasskey({ response: softAnswer(soft, options.challenge) }, ctx)).toEqual({ ok: false, reason: 'passkey_expired' })
    expect(await history(person.id)).toEqual([expect.objectContaining({ type: 'passkey_added' })])
    expect(await failuresCounted(ctx.request.ipAddress)).toBe(0)
  })

  it('costs a returning account at most 4 statements, session included', async () => {
    const person = await newPerson()
    const { soft } = await enrolSoftPasskey(person)
    const ctx = browser()
    const options = await signInOptions(ctx)
    const response = softAnswer(soft, options.challenge)
    const { result, statements } = await countStatements(() => signInWithPasskey({ response }, ctx))
    expect(result.ok).toBe(true)
    expect(statements).toBeLessThanOrEqual(4)
  })
})
