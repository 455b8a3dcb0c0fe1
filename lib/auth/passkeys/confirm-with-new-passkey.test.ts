import { describe, expect, it } from 'vitest'
import { db } from '../../db'
import { acrOf, PHISHING_RESISTANT } from '../../oidc/levels'
import { createSoftPasskey } from '../../../testing/soft-authenticator'
import { newPerson, sessionOf, softAttestation, type TestPerson } from '../../../testing/passkeys'
import { testContext } from '../../../testing/use-case'
import { sessionCookie } from '../session/cookie'
import { findActiveSession } from '../session/store'
import { registrationOptions } from './add-passkey'
import { confirmWithNewPasskey } from './confirm-with-new-passkey'
import { devicePasskeysCookie } from './device-passkeys'

const history = (userId: string) =>
  db().auditEvent.findMany({ where: { userId }, orderBy: { id: 'asc' }, select: { type: true, result: true, reason: true, method: true, sessionId: true } })

async function signedIn(person: TestPerson) {
  const session = await sessionOf(person)
  return { session, ctx: testContext({ caller: session, cookies: { [sessionCookie().name]: session.secret } }) }
}

describe('confirming it’s you by creating a passkey (the step-up page, when an app asks for one)', () => {
  it('adds the passkey as the passkeys page does, and its ceremony confirms the session as a passkey would', async () => {
    const person = await newPerson()
    const { session, ctx } = await signedIn(person)
    const soft = createSoftPasskey(person.id)
    const options = await registrationOptions(session, ctx)
    const outcome = await confirmWithNewPasskey(
      { response: softAttestation(soft, options.challenge), returnTo: '/oidc/interaction/request-one_1' },
      session,
      ctx,
    )
    if (!outcome.ok) throw new Error(outcome.reason)
    expect(await db().passkey.count({ where: { userId: person.id, credentialId: soft.credentialId } })).toBe(1)
    expect(ctx.cookies.get(devicePasskeysCookie().name)?.value).toBe(soft.credentialId)
    // A new session id (the old token stops working), proven by a device-bound passkey: what an app's passkey step-up needs.
    const secret = ctx.cookies.get(sessionCookie().name)!.value
    expect(await findActiveSession(session.secret)).toBeNull()
    const confirmed = await findActiveSession(secret)
    // Made on the page the app's request sent the person to: for that request (lib/oidc/approval-proof.ts).
    expect(confirmed).toMatchObject({ id: outcome.sessionId, verifiedMethod: 'passkey', passkeyDeviceBound: true, verifiedFor: 'request-one_1' })
    expect(acrOf(confirmed!)).toBe(PHISHING_RESISTANT)
    expect(await history(person.id)).toEqual([
      { type: 'passkey_added', result: 'success', reason: null, method: null, sessionId: outcome.sessionId },
      { type: 'step_up', result: 'success', reason: null, method: 'passkey', sessionId: outcome.sessionId },
    ])
    await ctx.runLater()
    expect(await db().mailboxMessage.count({ where: { to: person.email, subject: { contains: 'A passkey was added' } } })).toBe(1)
  })

  it('a synced passkey confirms it too, and apps are told so', async () => {
    const person = await newPerson()
    const { session, ctx } = await signedIn(person)
    const options = await registrationOptions(session, ctx)
    const outcome = await confirmWithNewPasskey(
      { response: softAttestation(createSoftPasskey(person.id), options.challenge, { backupEligible: true }) },
      session,
      ctx,
    )
    if (!outcome.ok) throw new Error(outcome.reason)
    expect(await findActiveSession(ctx.cookies.get(sessionCookie().name)!.value)).toMatchObject({ verifiedMethod: 'passkey', passkeyDeviceBound: false })
  })

  it('a refused attestation adds nothing and confirms nothing: the session stays as it was', async () => {
    const person = await newPerson()
    const { session, ctx } = await signedIn(person)
    const options = await registrationOptions(session, ctx)
    const phished = softAttestation(createSoftPasskey(person.id), options.challenge, { origin: 'https://evil.example' })
    expect(await confirmWithNewPasskey({ response: phished }, session, ctx)).toEqual({ ok: false, reason: 'passkey_invalid' })
    expect(await db().passkey.count({ where: { userId: person.id } })).toBe(0)
    expect(ctx.cookies.get(sessionCookie().name)?.value).toBe(session.secret)
    expect(await findActiveSession(session.secret)).toMatchObject({ verifiedMethod: 'email_code' })
    expect(await history(person.id)).toEqual([
      { type: 'passkey_added', result: 'failure', reason: 'passkey_invalid', method: null, sessionId: session.sessionId },
    ])
  })

  it('answers signed_out when the session ended meanwhile, recording no step-up', async () => {
    const person = await newPerson()
    const { session, ctx } = await signedIn(person)
    const options = await registrationOptions(session, ctx)
    await db().session.delete({ where: { id: session.sessionId } })
    const outcome = await confirmWithNewPasskey({ response: softAttestation(createSoftPasskey(person.id), options.challenge) }, session, ctx)
    expect(outcome).toEqual({ ok: false, reason: 'signed_out' })
    expect((await history(person.id)).filter((event) => event.type === 'step_up')).toEqual([])
  })
})
