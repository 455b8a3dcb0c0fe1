import { describe, expect, it } from 'vitest'
import { db } from '../../db'
import { env } from '../../env'
import { createSoftPasskey, softAuthenticationResponse, softRegistrationResponse, type SoftPasskey } from '../../../testing/soft-authenticator'
import { startPasskeyAuthentication, verifyPasskeyAuthentication } from './authentication'
import { finishPasskeyRegistration, startPasskeyRegistration } from './registration'
import { authenticationResponseSchema, registrationResponseSchema } from './webauthn'
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
