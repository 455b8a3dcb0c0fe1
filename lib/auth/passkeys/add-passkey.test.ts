import { describe, expect, it } from 'vitest'
import { db } from '../../db'
import { BREAK_GLASS_GROUP } from '../../policy/presets'
import { createSoftPasskey } from '../../../testing/soft-authenticator'
import { enrolSoftPasskey, newPerson, sessionOf, softAttestation, type TestPerson } from '../../../testing/passkeys'
import { testContext } from '../../../testing/use-case'
import { sessionCookie } from '../session/cookie'
import { findActiveSession } from '../session/store'
import { finishRegistration, registrationOptions } from './add-passkey'
import { devicePasskeysCookie } from './device-passkeys'
import { ceremonyCookie } from './webauthn'

const history = (userId: string) =>
  db().auditEvent.findMany({
    where: { userId },
    orderBy: { id: 'asc' },
    select: { type: true, result: true, reason: true, method: true, sessionId: true, detail: true },
  })
const mailTo = (address: string) => db().mailboxMessage.findMany({ where: { to: address }, select: { subject: true } })

/** The person signed in (or recovering) in a browser holding that session's cookie. */
async function signedIn(person: TestPerson, method: 'email_code' | 'recovery' = 'email_code') {
  const session = await sessionOf(person, method)
  const ctx = testContext({ caller: session, cookies: { [sessionCookie().name]: session.secret } })
  return { session, ctx }
}

describe('adding a passkey', () => {
  it('options bind a challenge for the account to this browser and leave out its passkeys', async () => {
    const person = await newPerson()
    const { soft } = await enrolSoftPasskey(person)
    const { session, ctx } = await signedIn(person)
    const options = await registrationOptions(session, ctx)
    expect(ctx.cookies.has(ceremonyCookie().name)).toBe(true)
    expect(options.excludeCredentials?.map((credential) => credential.id)).toEqual([soft.credentialId])
  })

  it('stores the passkey with its history row, remembers it on this browser and tells the person', async () => {
    const person = await newPerson()
    const { session, ctx } = await signedIn(person)
    const soft = createSoftPasskey(person.id)
    const options = await registrationOptions(session, ctx)
    const outcome = await finishRegistration({ response: softAttestation(soft, options.challenge) }, session, ctx)
    if (!outcome.ok) throw new Error(outcome.reason)
    expect(outcome.passkey).toEqual({ id: expect.any(String), name: 'Chrome on Linux', providerName: null, synced: false, verifiedModel: null })
    expect(await history(person.id)).toEqual([
      expect.objectContaining({ type: 'passkey_added', result: 'success', sessionId: session.sessionId, detail: expect.stringContaining(outcome.passkey.id) }),
    ])
    expect(ctx.cookies.get(devicePasskeysCookie().name)?.value).toBe(soft.credentialId)
    expect(ctx.cookies.has(ceremonyCookie().name)).toBe(false)
    // The session is the one the person had.
    expect(ctx.cookies.get(sessionCookie().name)?.value).toBe(session.secret)
    await ctx.runLater()
    expect((await mailTo(person.email)).map((mail) => mail.subject)).toContainEqual(expect.stringContaining('A passkey was added'))
  })

  it('records a refused attestation, and stores and tells nothing', async () => {
    const person = await newPerson()
    const { session, ctx } = await signedIn(person)
    const options = await registrationOptions(session, ctx)
    const phished = softAttestation(createSoftPasskey(person.id), options.challenge, { origin: 'https://evil.example' })
    expect(await finishRegistration({ response: phished }, session, ctx)).toEqual({ ok: false, reason: 'passkey_invalid' })
    expect(await history(person.id)).toEqual([expect.objectContaining({ type: 'passkey_added', result: 'failure', reason: 'passkey_invalid' })])
    expect(await db().passkey.count({ where: { userId: person.id } })).toBe(0)
    expect(ctx.pending).toHaveLength(0)
    expect(ctx.cookies.has(devicePasskeysCookie().name)).toBe(false)
  })

  it('refuses what the group’s policy does not accept: a synced passkey for the break-glass account', async () => {
    const person = await newPerson({ groupId: BREAK_GLASS_GROUP, role: 'admin' })
    const { session, ctx } = await signedIn(person)
    const options = await registrationOptions(session, ctx)
    const synced = softAttestation(createSoftPasskey(person.id), options.challenge, { backupEligible: true })
    expect(await finishRegistration({ response: synced }, session, ctx)).toEqual({ ok: false, reason: 'passkey_synced_not_allowed' })
    expect(await history(person.id)).toEqual([expect.objectContaining({ type: 'passkey_added', result: 'failure', reason: 'passkey_synced_not_allowed' })])
  })

  it('without a challenge in this browser, answers expired and records nothing', async () => {
    const person = await newPerson()
    const { session, ctx } = await signedIn(person)
    const options = await registrationOptions(session, testContext())
    expect(await finishRegistration({ response: softAttestation(createSoftPasskey(person.id), options.challenge) }, session, ctx)).toEqual({
      ok: false,
      reason: 'passkey_expired',
    })
    expect(await history(person.id)).toEqual([])
  })

  it('in a recovery session, recovers the account: a new "recovered" session replaces the recovery one', async () => {
    const person = await newPerson()
    const { session, ctx } = await signedIn(person, 'recovery')
    const options = await registrationOptions(session, ctx)
    const outcome = await finishRegistration({ response: softAttestation(createSoftPasskey(person.id), options.challenge) }, session, ctx)
    if (!outcome.ok) throw new Error(outcome.reason)
    const secret = ctx.cookies.get(sessionCookie().name)?.value
    expect(secret).not.toBe(session.secret)
    expect(await findActiveSession(session.secret)).toBeNull()
    expect(await findActiveSession(secret!)).toMatchObject({ method: 'recovered', user: { id: person.id } })
    const recovered = (await history(person.id)).filter((row) => row.type === 'account_recovered')
    expect(recovered).toEqual([
      expect.objectContaining({ result: 'success', method: 'recovered', sessionId: null, detail: JSON.stringify({ passkeyId: outcome.passkey.id }) }),
    ])
    // Only the passkey notice: the browser was already this person's, so no new-sign-in notice.
    expect(ctx.pending).toHaveLength(1)
  })
})
