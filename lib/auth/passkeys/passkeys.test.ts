import { describe, expect, it } from 'vitest'
import { db } from '../../db'
import { env } from '../../env'
import { countStatements } from '../../../testing/query-count'
import { createSoftPasskey, softAuthenticationResponse, softRegistrationResponse, type SoftPasskey } from '../../../testing/soft-authenticator'
import { startPasskeyAuthentication, verifyPasskeyAuthentication } from './authentication'
import { listPasskeys, removePasskey } from './management'
import { defaultPasskeyName, finishPasskeyRegistration, startPasskeyRegistration } from './registration'
import { startSession } from '../session/issue'
import { sendNewSignInNotice } from '../session/new-sign-in-notice'
import { authenticationResponseSchema, registrationResponseSchema } from './webauthn'
import { auditFor } from '../../../testing/audit'
import { testContext } from '../../../testing/use-case'

const context = { ipAddress: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36' }
const GOOGLE_PASSWORD_MANAGER = 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4'

const rp = () => ({ origin: env().webauthn.origins[0]!, rpId: env().webauthn.rpId })

async function newUser(options: { emailVerified?: boolean } = {}) {
  return db().user.create({
    data: { email: `pk-${Math.random().toString(36).slice(2, 10)}@example.com`, emailVerifiedAt: options.emailVerified === false ? null : new Date() },
    select: { id: true, email: true, displayName: true },
  })
}

/** Registers a software passkey through the real registration path. */
async function enrol(user: { id: string; email: string; displayName: string | null }, options: { counter?: number; aaguid?: string; synced?: boolean } = {}) {
  const soft = createSoftPasskey(user.id, { counter: options.counter })
  const { options: creation, browserSecret } = await startPasskeyRegistration(user)
  const response = registrationResponseSchema.parse(
    softRegistrationResponse(soft, { challenge: creation.challenge, ...rp(), aaguid: options.aaguid, backupEligible: options.synced }),
  )
  const result = await finishPasskeyRegistration({ userId: user.id, browserSecret, response, context, audit: auditFor(context) })
  if (!result.ok) throw new Error(result.reason)
  return { soft, passkey: result.passkey }
}

async function assertion(soft: SoftPasskey, overrides: { origin?: string; counter?: number; userHandle?: string } = {}) {
  const { options, browserSecret } = await startPasskeyAuthentication({ purpose: 'sign_in' })
  const response = authenticationResponseSchema.parse(softAuthenticationResponse(soft, { challenge: options.challenge, ...rp(), ...overrides }))
  return { browserSecret, response, challenge: options.challenge }
}

describe('passkey registration', () => {
  it('requires a discoverable credential with user verification and excludes the user’s existing passkeys', async () => {
    const user = await newUser()
    const { passkey } = await enrol(user)
    const { options } = await startPasskeyRegistration(user)
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' })
    expect(options.excludeCredentials?.map((credential) => credential.id)).toEqual([passkey.credentialId])
    expect(Buffer.from(options.challenge, 'base64url').length).toBeGreaterThanOrEqual(16)
  })

  it('refuses the same credential twice and names passkeys after their provider', async () => {
    const user = await newUser()
    const { soft, passkey } = await enrol(user, { aaguid: GOOGLE_PASSWORD_MANAGER, synced: true })
    expect(passkey.name).toBe('Google Password Manager')
    const { options, browserSecret } = await startPasskeyRegistration(user)
    const again = registrationResponseSchema.parse(softRegistrationResponse(soft, { challenge: options.challenge, ...rp() }))
    const result = await finishPasskeyRegistration({ userId: user.id, browserSecret, response: again, context, audit: auditFor(context) })
    expect(result).toEqual({ ok: false, reason: 'passkey_exists' })
    const [listed] = await listPasskeys(user.id)
    expect(listed).toMatchObject({ providerName: 'Google Password Manager', synced: true })
    expect(listed!.iconLight).toMatch(/^data:image\/svg\+xml;base64,/)
  })

  it('gives unknown providers the browser’s name and numbers duplicates', () => {
    expect(defaultPasskeyName('00000000-0000-0000-0000-000000000000', context.userAgent, [])).toBe('Chrome on Linux')
    expect(defaultPasskeyName('00000000-0000-0000-0000-000000000000', context.userAgent, ['Chrome on Linux'])).toBe('Chrome on Linux 2')
    expect(defaultPasskeyName('00000000-0000-0000-0000-000000000000', null, [])).toBe('Passkey')
  })

  it('refuses an attestation made for another origin, and a challenge that was already used', async () => {
    const user = await newUser()
    const soft = createSoftPasskey(user.id)
    const { options, browserSecret } = await startPasskeyRegistration(user)
    const phished = registrationResponseSchema.parse(
      softRegistrationResponse(soft, { challenge: options.challenge, origin: 'https://evil.example', rpId: rp().rpId }),
    )
    expect(await finishPasskeyRegistration({ userId: user.id, browserSecret, response: phished, context, audit: auditFor(context) })).toEqual({
      ok: false,
      reason: 'passkey_invalid',
    })
    const genuine = registrationResponseSchema.parse(softRegistrationResponse(soft, { challenge: options.challenge, ...rp() }))
    expect(await finishPasskeyRegistration({ userId: user.id, browserSecret, response: genuine, context, audit: auditFor(context) })).toEqual({
      ok: false,
      reason: 'passkey_expired',
    })
  })
})

describe('passkey sign-in', () => {
  it('signs in and updates only that passkey’s last use', async () => {
    const user = await newUser()
    const first = await enrol(user)
    const second = await enrol(user)
    const { browserSecret, response } = await assertion(first.soft)
    const result = await verifyPasskeyAuthentication({ browserSecret, response, purpose: 'sign_in', context })
    expect(result).toMatchObject({ ok: true, passkey: { userId: user.id, passkeyId: first.passkey.id } })
    const rows = await db().passkey.findMany({ where: { userId: user.id }, select: { id: true, lastUsedAt: true } })
    expect(rows.find((row) => row.id === first.passkey.id)?.lastUsedAt).toBeInstanceOf(Date)
    expect(rows.find((row) => row.id === second.passkey.id)?.lastUsedAt).toBeNull()
  })

  it('refuses a replayed assertion: the challenge is single use', async () => {
    const user = await newUser()
    const { soft } = await enrol(user)
    const { browserSecret, response } = await assertion(soft)
    expect((await verifyPasskeyAuthentication({ browserSecret, response, purpose: 'sign_in', context })).ok).toBe(true)
    expect(await verifyPasskeyAuthentication({ browserSecret, response, purpose: 'sign_in', context })).toMatchObject({ ok: false, reason: 'passkey_expired' })
  })

  it('sign-in options write nothing; of 10 concurrent answers with one challenge exactly one signs in', async () => {
    const user = await newUser()
    const { soft } = await enrol(user)
    const { statements } = await countStatements(() => startPasskeyAuthentication({ purpose: 'sign_in' }))
    expect(statements).toBe(0)
    const { browserSecret, response } = await assertion(soft)
    const results = await Promise.all(Array.from({ length: 10 }, () => verifyPasskeyAuthentication({ browserSecret, response, purpose: 'sign_in', context })))
    expect(results.filter((result) => result.ok)).toHaveLength(1)
    expect(results.filter((result) => !result.ok && result.reason === 'passkey_expired')).toHaveLength(9)
  })

  it('refuses a sealed challenge that was altered or forged', async () => {
    const user = await newUser()
    const { soft } = await enrol(user)
    const { browserSecret, response } = await assertion(soft)
    const [prefix, challenge, expires, mac] = browserSecret.split('.')
    const later = `${prefix}.${challenge}.${Number(expires) + 3_600_000}.${mac}`
    const other = `${prefix}.${response.response.clientDataJSON.slice(0, 43)}.${expires}.${mac}`
    for (const forged of [later, other, `${prefix}.${challenge}.${expires}.`, 'v2.', 'v2.a.b.c.d', `v1.${challenge}.${expires}.${mac}`]) {
      expect(await verifyPasskeyAuthentication({ browserSecret: forged, response, purpose: 'sign_in', context }), forged).toMatchObject({
        ok: false,
        reason: 'passkey_expired',
      })
    }
    expect((await verifyPasskeyAuthentication({ browserSecret, response, purpose: 'sign_in', context })).ok).toBe(true)
  })

  it('refuses an assertion made for another origin, a foreign user handle and an expired challenge', async () => {
    const user = await newUser()
    const { soft } = await enrol(user)
    const phished = await assertion(soft, { origin: 'https://portal.example.evil' })
    expect(await verifyPasskeyAuthentication({ ...phished, purpose: 'sign_in', context })).toMatchObject({ ok: false, reason: 'passkey_invalid' })
    const otherHandle = await assertion(soft, { userHandle: Buffer.from('someone-else').toString('base64url') })
    expect(await verifyPasskeyAuthentication({ ...otherHandle, purpose: 'sign_in', context })).toMatchObject({ ok: false, reason: 'passkey_invalid' })
    const late = await assertion(soft)
    const sixMinutesLater = new Date(Date.now() + 6 * 60_000)
    expect(await verifyPasskeyAuthentication({ ...late, purpose: 'sign_in', context, now: sixMinutesLater })).toMatchObject({
      ok: false,
      reason: 'passkey_expired',
    })
  })

  it('refuses a passkey that was removed', async () => {
    const user = await newUser()
    const { soft, passkey } = await enrol(user)
    expect(await removePasskey({ passkeyId: passkey.id }, { user }, testContext())).toMatchObject({ ok: true })
    const { browserSecret, response } = await assertion(soft)
    expect(await verifyPasskeyAuthentication({ browserSecret, response, purpose: 'sign_in', context })).toMatchObject({ ok: false, reason: 'passkey_unknown' })
  })

  it('accepts 0/0 counters again and again (synced passkeys)', async () => {
    const user = await newUser()
    const { soft } = await enrol(user)
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const { browserSecret, response } = await assertion(soft)
      expect((await verifyPasskeyAuthentication({ browserSecret, response, purpose: 'sign_in', context })).ok).toBe(true)
    }
  })

  it('treats a counter that goes backwards on a counting passkey as a clone', async () => {
    const user = await newUser()
    const { soft, passkey } = await enrol(user, { counter: 5 })
    const forward = await assertion(soft, { counter: 9 })
    expect((await verifyPasskeyAuthentication({ ...forward, purpose: 'sign_in', context })).ok).toBe(true)
    const backwards = await assertion(soft, { counter: 7 })
    expect(await verifyPasskeyAuthentication({ ...backwards, purpose: 'sign_in', context })).toMatchObject({
      ok: false,
      reason: 'passkey_clone',
      userId: user.id,
      passkeyId: passkey.id,
    })
    const stored = await db().passkey.findUniqueOrThrow({ where: { id: passkey.id }, select: { counter: true } })
    expect(Number(stored.counter)).toBe(9)
  })

  it('costs at most 4 SQL statements for a returning user, session included', async () => {
    const user = await newUser()
    const { soft } = await enrol(user)
    const { browserSecret, response } = await assertion(soft)
    const { result, statements } = await countStatements(async () => {
      const verified = await verifyPasskeyAuthentication({ browserSecret, response, purpose: 'sign_in', context })
      if (!verified.ok) throw new Error(verified.reason)
      return startSession(verified.passkey.userId, 'passkey', context, { startedAt: verified.passkey.challengedAt })
    })
    expect(result.sessionId).toBeTruthy()
    expect(statements).toBeLessThanOrEqual(4)
    // The challenge's issue time, read back from its expiry, starts the time to sign in.
    const entry = await db().auditEvent.findFirstOrThrow({ where: { sessionId: result.sessionId, type: 'sign_in' }, select: { detail: true } })
    const { durationMs } = JSON.parse(entry.detail!) as { durationMs: number }
    expect(durationMs).toBeGreaterThanOrEqual(0)
    expect(durationMs).toBeLessThan(60_000)
  })

  it('reads what the new-sign-in notice needs with the challenge, so deciding it costs no statement', async () => {
    const user = await newUser()
    const { soft } = await enrol(user)
    const first = await assertion(soft)
    const verified = await verifyPasskeyAuthentication({ browserSecret: first.browserSecret, response: first.response, purpose: 'sign_in', context })
    if (!verified.ok) throw new Error(verified.reason)
    expect(verified.passkey.noticeRecipient).toMatchObject({ email: user.email, backupEmail: null })
    // The account's first sign-in: nothing to compare with, so no notice, and nothing read to decide it.
    expect(Boolean(Number(verified.passkey.noticeRecipient!.signedInBefore))).toBe(false)
    const session = await startSession(user.id, 'passkey', context)
    const quiet = await countStatements(() =>
      sendNewSignInNotice({ userId: user.id, sessionId: session.sessionId, method: 'passkey', context, recipient: verified.passkey.noticeRecipient }),
    )
    expect(quiet.statements).toBe(0)

    const second = await assertion(soft)
    const again = await verifyPasskeyAuthentication({ browserSecret: second.browserSecret, response: second.response, purpose: 'sign_in', context })
    if (!again.ok) throw new Error(again.reason)
    expect(Boolean(Number(again.passkey.noticeRecipient!.signedInBefore))).toBe(true)
    expect(Boolean(Number(again.passkey.noticeRecipient!.newSignInNotices))).toBe(true)
  })

  it('sign-in options list no credentials and read nothing: any discoverable passkey answers', async () => {
    const user = await newUser()
    await enrol(user)
    const { result, statements } = await countStatements(() => startPasskeyAuthentication({ purpose: 'sign_in' }))
    expect(result.options.allowCredentials ?? []).toEqual([])
    expect(statements).toBe(0)
  })

  it('step-up only accepts the signed-in user’s own passkey', async () => {
    const owner = await newUser()
    const other = await newUser()
    const { soft } = await enrol(other)
    const { options, browserSecret } = await startPasskeyAuthentication({ purpose: 'step_up', userId: owner.id })
    const response = authenticationResponseSchema.parse(softAuthenticationResponse(soft, { challenge: options.challenge, ...rp() }))
    expect(await verifyPasskeyAuthentication({ browserSecret, response, purpose: 'step_up', userId: owner.id, context })).toMatchObject({
      ok: false,
      reason: 'passkey_invalid',
    })
  })
})
