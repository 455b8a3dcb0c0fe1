import { describe, expect, it } from 'vitest'
import { db } from '../../db'
import { captureStatements } from '../../../testing/query-count'
import { createSoftPasskey } from '../../../testing/soft-authenticator'
import { enrolSoftPasskey, newPerson, sessionOf, softAnswer, softAttestation, type TestPerson } from '../../../testing/passkeys'
import { testContext, TEST_REQUEST, type TestUseCaseContext } from '../../../testing/use-case'
import { auditFor } from '../../../testing/audit'
import { sessionCookie } from '../session/cookie'
import { finishRegistration, registrationOptions } from './add-passkey'
import { verifyPasskeyAuthentication } from './authentication'
import { finishPasskeyRegistration } from './registration'
import { signInOptions, signInWithPasskey } from './sign-in'
import { stepUpOptions, stepUpWithPasskey } from './step-up'
import { ceremonyCookie, sha256Hex } from './webauthn'

/** The person signed in, in a browser of their own. */
async function signedIn(person: TestPerson) {
  const session = await sessionOf(person)
  return { session, ctx: testContext({ caller: session, cookies: { [sessionCookie().name]: session.secret } }) }
}

const tokenIn = (ctx: TestUseCaseContext) => ctx.cookies.get(ceremonyCookie().name)!.value

/** Puts a ceremony token into a browser's cookie, as an attacker who copied it would. */
function carry(token: string, to: TestUseCaseContext) {
  to.cookies.set(ceremonyCookie().name, token, ceremonyCookie().options)
}

const claimed = (token: string) => db().webAuthnChallenge.findUnique({ where: { id: sha256Hex(token) }, select: { purpose: true, userId: true } })
const SIX_MINUTES = 6 * 60_000

describe('sealed ceremony challenges', () => {
  it('step-up and registration options write nothing: their challenges are sealed in the cookie, bound to the account', async () => {
    const person = await newPerson()
    await enrolSoftPasskey(person)
    const { session, ctx } = await signedIn(person)
    const rowsBefore = await db().webAuthnChallenge.count({ where: { userId: person.id } })
    for (const ask of [() => stepUpOptions(session, ctx), () => registrationOptions(session, ctx)]) {
      const { queries } = await captureStatements(ask)
      expect(queries.map((query) => query.query.trim().split(/\s/)[0]!.toUpperCase())).toEqual(['SELECT'])
      expect(tokenIn(ctx)).toMatch(/^v2\./)
      expect(tokenIn(ctx)).not.toContain(person.id)
    }
    expect(await db().webAuthnChallenge.count({ where: { userId: person.id } })).toBe(rowsBefore)
  })

  it('a sign-in challenge does not open a step-up, and a step-up challenge does not open a sign-in', async () => {
    const person = await newPerson()
    const { soft } = await enrolSoftPasskey(person)
    const { session, ctx } = await signedIn(person)
    const anonymous = testContext()
    const signInChallenge = await signInOptions(anonymous)
    carry(tokenIn(anonymous), ctx)
    expect(await stepUpWithPasskey({ response: softAnswer(soft, signInChallenge.challenge) }, session, ctx)).toEqual({ ok: false, reason: 'passkey_expired' })

    const stepUpChallenge = await stepUpOptions(session, ctx)
    const token = tokenIn(ctx)
    carry(token, anonymous)
    expect(await signInWithPasskey({ response: softAnswer(soft, stepUpChallenge.challenge) }, anonymous)).toEqual({ ok: false, reason: 'passkey_expired' })
    expect(await claimed(token)).toBeNull()
  })

  it('one account’s step-up challenge does not open in another account’s session, even with that account’s own passkey', async () => {
    const victim = await newPerson()
    await enrolSoftPasskey(victim)
    const thief = await newPerson()
    const { soft: thiefs } = await enrolSoftPasskey(thief)
    const issued = await signedIn(victim)
    const options = await stepUpOptions(issued.session, issued.ctx)
    const token = tokenIn(issued.ctx)
    const other = await signedIn(thief)
    carry(token, other.ctx)
    expect(await stepUpWithPasskey({ response: softAnswer(thiefs, options.challenge) }, other.session, other.ctx)).toEqual({
      ok: false,
      reason: 'passkey_expired',
    })
    expect(await claimed(token)).toBeNull()
    // The same holds for adding a passkey: the thief's session cannot answer the victim's registration challenge.
    const creation = await registrationOptions(issued.session, issued.ctx)
    carry(tokenIn(issued.ctx), other.ctx)
    expect(await finishRegistration({ response: softAttestation(createSoftPasskey(thief.id), creation.challenge) }, other.session, other.ctx)).toEqual({
      ok: false,
      reason: 'passkey_expired',
    })
  })

  it('a registration challenge does not open a step-up, nor a step-up challenge a registration', async () => {
    const person = await newPerson()
    const { soft } = await enrolSoftPasskey(person)
    const { session, ctx } = await signedIn(person)
    const creation = await registrationOptions(session, ctx)
    expect(await stepUpWithPasskey({ response: softAnswer(soft, creation.challenge) }, session, ctx)).toEqual({ ok: false, reason: 'passkey_expired' })
    const stepUp = await stepUpOptions(session, ctx)
    expect(await finishRegistration({ response: softAttestation(createSoftPasskey(person.id), stepUp.challenge) }, session, ctx)).toEqual({
      ok: false,
      reason: 'passkey_expired',
    })
    expect(await db().passkey.count({ where: { userId: person.id } })).toBe(1)
  })

  it('accepts each challenge once: a replayed step-up or registration answer is refused', async () => {
    const person = await newPerson()
    const { soft } = await enrolSoftPasskey(person)
    const { session, ctx } = await signedIn(person)
    const options = await stepUpOptions(session, ctx)
    const token = tokenIn(ctx)
    // A passkey that does not count (0, as synced ones): only the claimed challenge stops the replay.
    const response = softAnswer(soft, options.challenge, { counter: 0 })
    const first = await stepUpWithPasskey({ response }, session, ctx)
    expect(first.ok).toBe(true)
    expect(await claimed(token)).toEqual({ purpose: 'step_up', userId: person.id })
    const again = await signedIn(person)
    carry(token, again.ctx)
    expect(await stepUpWithPasskey({ response }, again.session, again.ctx)).toEqual({ ok: false, reason: 'passkey_expired' })

    const creation = await registrationOptions(again.session, again.ctx)
    const registrationToken = tokenIn(again.ctx)
    const attestation = softAttestation(createSoftPasskey(person.id), creation.challenge)
    expect((await finishRegistration({ response: attestation }, again.session, again.ctx)).ok).toBe(true)
    expect(await claimed(registrationToken)).toEqual({ purpose: 'register', userId: person.id })
    carry(registrationToken, again.ctx)
    expect(await finishRegistration({ response: softAttestation(createSoftPasskey(person.id), creation.challenge) }, again.session, again.ctx)).toEqual({
      ok: false,
      reason: 'passkey_expired',
    })
  })

  it('refuses an expired step-up or registration challenge and claims nothing', async () => {
    const person = await newPerson()
    const { soft } = await enrolSoftPasskey(person)
    const { session, ctx } = await signedIn(person)
    const later = new Date(Date.now() + SIX_MINUTES)
    const options = await stepUpOptions(session, ctx)
    const token = tokenIn(ctx)
    const response = softAnswer(soft, options.challenge)
    expect(
      await verifyPasskeyAuthentication({ browserSecret: token, response, purpose: 'step_up', userId: person.id, context: TEST_REQUEST, now: later }),
    ).toMatchObject({ ok: false, reason: 'passkey_expired' })
    const creation = await registrationOptions(session, ctx)
    const registrationToken = tokenIn(ctx)
    const attestation = softAttestation(createSoftPasskey(person.id), creation.challenge)
    expect(
      await finishPasskeyRegistration({
        userId: person.id,
        browserSecret: registrationToken,
        response: attestation,
        context: TEST_REQUEST,
        audit: auditFor(TEST_REQUEST),
        now: later,
      }),
    ).toEqual({ ok: false, reason: 'passkey_expired' })
    expect(await claimed(token)).toBeNull()
    expect(await claimed(registrationToken)).toBeNull()
  })
})
