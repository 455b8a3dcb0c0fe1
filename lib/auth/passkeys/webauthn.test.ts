import { describe, expect, it } from 'vitest'
import { db } from '../../db'
import { env } from '../../env'
import { createSoftPasskey, softAuthenticationResponse, softRegistrationResponse, type SoftPasskey } from '../../../testing/soft-authenticator'
import { startPasskeyAuthentication, verifyPasskeyAuthentication } from './authentication'
import { finishPasskeyRegistration, startPasskeyRegistration } from './registration'
import { authenticationResponseSchema, ranTopLevel, registrationResponseSchema } from './webauthn'
import { auditFor } from '../../../testing/audit'

const context = { ipAddress: null, userAgent: null }
const rp = () => ({ origin: env().webauthn.origins[0]!, rpId: env().webauthn.rpId })

async function newUser() {
  return db().user.create({
    data: { email: `wa-${Math.random().toString(36).slice(2, 10)}@example.com` },
    select: { id: true, email: true, displayName: true },
  })
}

async function register(soft: SoftPasskey, user: { id: string; email: string; displayName: string | null }, clientData?: Record<string, unknown>) {
  const { options, browserSecret } = await startPasskeyRegistration(user)
  const parsed = registrationResponseSchema.safeParse(softRegistrationResponse(soft, { challenge: options.challenge, ...rp(), clientData }))
  if (!parsed.success) return { ok: false as const, reason: 'schema' as const }
  return finishPasskeyRegistration({ userId: user.id, browserSecret, response: parsed.data, context, audit: auditFor(context) })
}

describe('WebAuthn details', () => {
  it('refuses registrations from a cross-origin frame (crossOrigin or topOrigin in the client data)', async () => {
    const user = await newUser()
    expect(await register(createSoftPasskey(user.id), user, { crossOrigin: true })).toEqual({ ok: false, reason: 'passkey_invalid' })
    expect(await register(createSoftPasskey(user.id), user, { topOrigin: 'https://evil.example' })).toEqual({ ok: false, reason: 'passkey_invalid' })
    expect(await register(createSoftPasskey(user.id), user)).toMatchObject({ ok: true })
  })

  it('refuses sign-ins from a cross-origin frame, even with a valid signature', async () => {
    const user = await newUser()
    const soft = createSoftPasskey(user.id)
    expect(await register(soft, user)).toMatchObject({ ok: true })
    for (const clientData of [{ crossOrigin: true }, { topOrigin: 'https://evil.example', crossOrigin: true }, { topOrigin: 'https://evil.example' }]) {
      const { options, browserSecret } = await startPasskeyAuthentication({ purpose: 'sign_in' })
      const response = authenticationResponseSchema.parse(softAuthenticationResponse(soft, { challenge: options.challenge, ...rp(), clientData }))
      expect(await verifyPasskeyAuthentication({ browserSecret, response, purpose: 'sign_in', context }), JSON.stringify(clientData)).toMatchObject({
        ok: false,
        reason: 'passkey_invalid',
      })
    }
  })

  // §5.8.1: crossOrigin is a boolean a browser omits or sets; only absent or the literal false mean "same origin".
  // `undefined` makes the soft authenticator leave the member out of the JSON altogether.
  const sameOrigin: unknown[] = [undefined, false]
  const notSameOrigin: unknown[] = [true, 'true', 'false', 1, 0, null, {}, []]
  const topOrigins: unknown[] = ['https://evil.example', null, '', false]

  it('refuses client data that is not a JSON object', () => {
    for (const text of ['null', '[]', '"webauthn.get"', 'true', '{"type":', '']) {
      expect(ranTopLevel(Buffer.from(text).toString('base64url')), text).toBe(false)
    }
    expect(ranTopLevel(Buffer.from('{"type":"webauthn.get"}').toString('base64url'))).toBe(true)
  })

  it('registers only when crossOrigin is absent or false, and topOrigin is absent', async () => {
    const user = await newUser()
    for (const crossOrigin of sameOrigin) {
      expect(await register(createSoftPasskey(user.id), user, { crossOrigin }), JSON.stringify({ crossOrigin })).toMatchObject({ ok: true })
    }
    for (const crossOrigin of notSameOrigin) {
      expect(await register(createSoftPasskey(user.id), user, { crossOrigin }), JSON.stringify({ crossOrigin })).toEqual({
        ok: false,
        reason: 'passkey_invalid',
      })
    }
    for (const topOrigin of topOrigins) {
      expect(await register(createSoftPasskey(user.id), user, { topOrigin }), JSON.stringify({ topOrigin })).toEqual({ ok: false, reason: 'passkey_invalid' })
    }
  })

  it.each(['sign_in', 'step_up'] as const)('%s accepts only crossOrigin absent or false, and no topOrigin', async (purpose) => {
    const user = await newUser()
    const soft = createSoftPasskey(user.id)
    expect(await register(soft, user)).toMatchObject({ ok: true })
    const answer = async (clientData: Record<string, unknown>) => {
      const { options, browserSecret } = await startPasskeyAuthentication(purpose === 'sign_in' ? { purpose } : { purpose, userId: user.id })
      const response = authenticationResponseSchema.parse(softAuthenticationResponse(soft, { challenge: options.challenge, ...rp(), clientData }))
      return verifyPasskeyAuthentication({ browserSecret, response, purpose, userId: user.id, context })
    }
    for (const crossOrigin of sameOrigin) {
      expect(await answer({ crossOrigin }), JSON.stringify({ crossOrigin })).toMatchObject({ ok: true })
    }
    for (const crossOrigin of notSameOrigin) {
      expect(await answer({ crossOrigin }), JSON.stringify({ crossOrigin })).toMatchObject({ ok: false, reason: 'passkey_invalid' })
    }
    for (const topOrigin of topOrigins) {
      expect(await answer({ topOrigin }), JSON.stringify({ topOrigin })).toMatchObject({ ok: false, reason: 'passkey_invalid' })
    }
  })

  it('refuses a key whose declared algorithm does not fit it (an EC P-256 key labelled RS256, or ES384)', async () => {
    const user = await newUser()
    expect(await register(createSoftPasskey(user.id, { algorithm: -257 }), user)).toEqual({ ok: false, reason: 'passkey_invalid' })
    expect(await register(createSoftPasskey(user.id, { algorithm: -35 }), user)).toEqual({ ok: false, reason: 'passkey_invalid' })
    expect(await db().passkey.count({ where: { userId: user.id } })).toBe(0)
  })

  it('takes credential IDs of up to 1023 bytes, not 1024', async () => {
    const user = await newUser()
    expect(await register(createSoftPasskey(user.id, { idBytes: 1024 }), user)).toEqual({ ok: false, reason: 'schema' })
    expect(await register(createSoftPasskey(user.id, { idBytes: 1023 }), user)).toMatchObject({ ok: true })
    const tooLong = Buffer.alloc(1024, 1).toString('base64url')
    expect(
      authenticationResponseSchema.safeParse({
        id: tooLong,
        rawId: tooLong,
        type: 'public-key',
        response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' },
      }).success,
    ).toBe(false)
  })
})
