import { describe, expect, it } from 'vitest'
import { db } from '../../db'
import { enrolSoftPasskey, newPerson, sessionOf, softAnswer, type TestPerson } from '../../../testing/passkeys'
import { testContext } from '../../../testing/use-case'
import { sessionCookie } from '../session/cookie'
import { findActiveSession } from '../session/store'
import { stepUpOptions, stepUpWithPasskey } from './step-up'
import { ceremonyCookie } from './webauthn'

const stepUps = (userId: string) =>
  db().auditEvent.findMany({
    where: { userId, type: 'step_up' },
    orderBy: { id: 'asc' },
    select: { result: true, reason: true, method: true, sessionId: true },
  })

async function signedIn(person: TestPerson) {
  const session = await sessionOf(person)
  return { session, ctx: testContext({ caller: session, cookies: { [sessionCookie().name]: session.secret } }) }
}

describe('confirming it’s you with a passkey', () => {
  it('options ask for the person’s own passkeys, bound to this browser', async () => {
    const person = await newPerson()
    const { soft } = await enrolSoftPasskey(person)
    const { session, ctx } = await signedIn(person)
    const options = await stepUpOptions(session, ctx)
    expect(options.allowCredentials?.map((credential) => credential.id)).toEqual([soft.credentialId])
    expect(ctx.cookies.has(ceremonyCookie().name)).toBe(true)
  })

  it('verifies the session under a new id and cookie, recording the step-up on the new id', async () => {
    const person = await newPerson()
    const { soft } = await enrolSoftPasskey(person)
    const { session, ctx } = await signedIn(person)
    const options = await stepUpOptions(session, ctx)
    const outcome = await stepUpWithPasskey({ response: softAnswer(soft, options.challenge) }, session, ctx)
    if (!outcome.ok) throw new Error(outcome.reason)
    expect(outcome.sessionId).not.toBe(session.sessionId)
    const secret = ctx.cookies.get(sessionCookie().name)!.value
    expect(await findActiveSession(session.secret)).toBeNull()
    expect(await findActiveSession(secret)).toMatchObject({ id: outcome.sessionId, verifiedMethod: 'passkey', passkeyDeviceBound: true })
    expect(await stepUps(person.id)).toEqual([{ result: 'success', reason: null, method: 'passkey', sessionId: outcome.sessionId }])
  })

  it('made on the page an app request sent the person to, is recorded as made for that request; the next proof for none clears it', async () => {
    const person = await newPerson()
    const { soft } = await enrolSoftPasskey(person)
    const { session, ctx } = await signedIn(person)
    const first = await stepUpWithPasskey(
      { response: softAnswer(soft, (await stepUpOptions(session, ctx)).challenge), returnTo: '/oidc/interaction/request-one_1' },
      session,
      ctx,
    )
    if (!first.ok) throw new Error(first.reason)
    const afterFirst = await findActiveSession(ctx.cookies.get(sessionCookie().name)!.value)
    expect(afterFirst).toMatchObject({ verifiedFor: 'request-one_1' })
    const again = { sessionId: first.sessionId, user: session.user }
    const second = await stepUpWithPasskey(
      { response: softAnswer(soft, (await stepUpOptions(again, ctx)).challenge), returnTo: '/account/passkeys' },
      again,
      ctx,
    )
    if (!second.ok) throw new Error(second.reason)
    expect(await findActiveSession(ctx.cookies.get(sessionCookie().name)!.value)).toMatchObject({ verifiedFor: null })
  })

  it('refuses someone else’s passkey, records the failure and leaves the session as it was', async () => {
    const person = await newPerson()
    await enrolSoftPasskey(person)
    const { soft: theirs } = await enrolSoftPasskey(await newPerson())
    const { session, ctx } = await signedIn(person)
    const options = await stepUpOptions(session, ctx)
    expect(await stepUpWithPasskey({ response: softAnswer(theirs, options.challenge) }, session, ctx)).toEqual({ ok: false, reason: 'passkey_invalid' })
    expect(await stepUps(person.id)).toEqual([{ result: 'failure', reason: 'passkey_invalid', method: 'passkey', sessionId: session.sessionId }])
    expect(ctx.cookies.get(sessionCookie().name)?.value).toBe(session.secret)
    expect(await findActiveSession(session.secret)).toMatchObject({ verifiedMethod: 'email_code' })
  })

  it('answers signed_out when the session ended meanwhile, recording no success', async () => {
    const person = await newPerson()
    const { soft } = await enrolSoftPasskey(person)
    const { session, ctx } = await signedIn(person)
    const options = await stepUpOptions(session, ctx)
    await db().session.delete({ where: { id: session.sessionId } })
    expect(await stepUpWithPasskey({ response: softAnswer(soft, options.challenge) }, session, ctx)).toEqual({ ok: false, reason: 'signed_out' })
    expect(await stepUps(person.id)).toEqual([])
  })

  it('without a challenge in this browser, answers expired and records nothing', async () => {
    const person = await newPerson()
    const { soft } = await enrolSoftPasskey(person)
    const { session, ctx } = await signedIn(person)
    const options = await stepUpOptions(session, testContext())
    expect(await stepUpWithPasskey({ response: softAnswer(soft, options.challenge) }, session, ctx)).toEqual({ ok: false, reason: 'passkey_expired' })
    expect(await stepUps(person.id)).toEqual([])
  })
})
