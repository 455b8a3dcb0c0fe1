import { describe, expect, it } from 'vitest'
import { db } from '../../db'
import { stepUpNeedsPasskey } from '../../policy/decide'
import { policySchema } from '../../policy/schema'
import { newPerson, sessionOf, type TestPerson } from '../../../testing/passkeys'
import { testContext, type TestUseCaseContext } from '../../../testing/use-case'
import { signInRequestCookie } from '../email-code/request-cookie'
import { sessionCookie } from './cookie'
import { sendStepUpCode, verifyStepUpCode } from './step-up-code'
import { findActiveSession } from './store'

const REQUEST_COOKIE = signInRequestCookie('step_up').name
const stepUps = (userId: string) =>
  db().auditEvent.findMany({
    where: { userId, type: 'step_up' },
    orderBy: { id: 'asc' },
    select: { result: true, reason: true, method: true, sessionId: true },
  })

/** The 6-digit code of the newest email to the address. */
async function codeSentTo(address: string): Promise<string> {
  const message = await db().mailboxMessage.findFirstOrThrow({ where: { to: address }, orderBy: { createdAt: 'desc' }, select: { text: true } })
  return /\b(\d{6})\b/.exec(message.text)![1]!
}

async function signedIn(person: TestPerson) {
  const session = await sessionOf(person)
  return { session, ctx: testContext({ caller: session, cookies: { [sessionCookie().name]: session.secret } }) }
}

/** A person whose group confirms with a passkey only. */
async function passkeyOnlyPerson() {
  const policy = JSON.stringify(policySchema.parse({ stepUp: { methods: 'passkey' } }))
  const group = await db().group.create({ data: { name: `Passkey step-up ${Math.random()}`, policy }, select: { id: true } })
  return newPerson({ groupId: group.id })
}

const send = (session: Awaited<ReturnType<typeof sessionOf>>, ctx: TestUseCaseContext) =>
  sendStepUpCode({ returnTo: '/account/sessions', timeZone: 'UTC' }, session, ctx)

describe('confirming it’s you with an emailed code', () => {
  it('sends a code to the account’s own address, bound to this browser', async () => {
    const person = await newPerson()
    const { session, ctx } = await signedIn(person)
    expect(stepUpNeedsPasskey(session.policy)).toBe(false)
    expect(await send(session, ctx)).toEqual({ ok: true })
    expect(ctx.cookies.has(REQUEST_COOKIE)).toBe(true)
    expect(await codeSentTo(person.email)).toMatch(/^\d{6}$/)
  })

  it('with the right code, verifies the session under a new id and records the step-up on it', async () => {
    const person = await newPerson()
    const { session, ctx } = await signedIn(person)
    await send(session, ctx)
    const code = await codeSentTo(person.email)
    expect(await verifyStepUpCode({ code, typedCode: code }, session, ctx)).toEqual({ ok: true })
    const secret = ctx.cookies.get(sessionCookie().name)!.value
    expect(secret).not.toBe(session.secret)
    const verified = await findActiveSession(secret)
    expect(verified).toMatchObject({ verifiedMethod: 'email_code', verifiedFor: null, user: { id: person.id } })
    expect(await stepUps(person.id)).toEqual([{ result: 'success', reason: null, method: 'email_code', sessionId: verified!.id }])
    expect(ctx.cookies.has(REQUEST_COOKIE)).toBe(false)
  })

  it('made on the page an app request sent the person to, is recorded as made for that request', async () => {
    const person = await newPerson()
    const { session, ctx } = await signedIn(person)
    await send(session, ctx)
    const code = await codeSentTo(person.email)
    expect(await verifyStepUpCode({ code, returnTo: '/oidc/interaction/request-one_1' }, session, ctx)).toEqual({ ok: true })
    expect(await findActiveSession(ctx.cookies.get(sessionCookie().name)!.value)).toMatchObject({ verifiedFor: 'request-one_1' })
    // The history says which app request the proof was for.
    const [row] = await db().auditEvent.findMany({ where: { userId: person.id, type: 'step_up' }, select: { detail: true } })
    expect(JSON.parse(row!.detail!)).toEqual({ appRequest: 'request-one_1' })
  })

  it('with a wrong code, records the failure and keeps what was typed', async () => {
    const person = await newPerson()
    const { session, ctx } = await signedIn(person)
    await send(session, ctx)
    const wrong = (Number(await codeSentTo(person.email)) + 1).toString().padStart(6, '0').slice(-6)
    const outcome = await verifyStepUpCode({ code: wrong, typedCode: ` ${wrong} ` }, session, ctx)
    expect(outcome).toMatchObject({ ok: false, state: { status: 'error', code: 'code_wrong', values: { code: ` ${wrong} ` } } })
    expect(await stepUps(person.id)).toEqual([{ result: 'failure', reason: 'code_wrong', method: 'email_code', sessionId: session.sessionId }])
    expect(ctx.cookies.get(sessionCookie().name)?.value).toBe(session.secret)
  })

  it('takes a code sent to another account as a wrong code', async () => {
    const person = await newPerson()
    const { session, ctx } = await signedIn(person)
    const other = await newPerson()
    const theirs = await signedIn(other)
    await send(theirs.session, theirs.ctx)
    const code = await codeSentTo(other.email)
    ctx.cookies.set(REQUEST_COOKIE, theirs.ctx.cookies.get(REQUEST_COOKIE)!.value)
    expect(await verifyStepUpCode({ code, typedCode: code }, session, ctx)).toMatchObject({ ok: false, state: { code: 'code_wrong' } })
    expect(await stepUps(person.id)).toEqual([{ result: 'failure', reason: 'code_wrong', method: 'email_code', sessionId: session.sessionId }])
  })

  it('without a request from this browser, answers that it is gone', async () => {
    const person = await newPerson()
    const { session, ctx } = await signedIn(person)
    expect(await verifyStepUpCode({ code: '123456' }, session, ctx)).toMatchObject({ ok: false, state: { code: 'request_gone' } })
  })

  it('where the group needs a passkey for step-up: sends nothing, and refuses a code with a history row', async () => {
    const person = await passkeyOnlyPerson()
    const { session, ctx } = await signedIn(person)
    expect(stepUpNeedsPasskey(session.policy)).toBe(true)
    expect(await send(session, ctx)).toMatchObject({ ok: false, state: { code: 'step_up_passkey_required' } })
    expect(await db().mailboxMessage.count({ where: { to: person.email } })).toBe(0)
    expect(ctx.cookies.has(REQUEST_COOKIE)).toBe(false)
    expect(await verifyStepUpCode({ code: '123456' }, session, ctx)).toMatchObject({ ok: false, state: { code: 'step_up_passkey_required' } })
    expect(await stepUps(person.id)).toEqual([{ result: 'failure', reason: 'step_up_passkey_required', method: 'email_code', sessionId: session.sessionId }])
  })
})
