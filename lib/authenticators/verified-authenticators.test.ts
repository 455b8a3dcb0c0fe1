import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { makeTestMetadataService, type TestMetadataService } from '../../testing/metadata-service'
import type { SoftAttestation } from '../../testing/soft-authenticator'

// Read by lib/env on first use, which comes after this.
const directory = mkdtempSync(path.join(tmpdir(), 'portal-mds-'))
const service: TestMetadataService = await makeTestMetadataService(directory)
process.env.FIDO_MDS_ROOT_FILE = service.rootFile

const { db } = await import('../db')
const { refreshAuthenticatorMetadata } = await import('./metadata-refresh')
const { finishPasskeyRegistration, startPasskeyRegistration } = await import('../auth/passkeys/registration')
const { registrationResponseSchema } = await import('../auth/passkeys/webauthn')
const { policySchema } = await import('../policy/schema')
const { createSoftPasskey, softRegistrationResponse } = await import('../../testing/soft-authenticator')
const { newPerson, softRp } = await import('../../testing/passkeys')
const { auditFor } = await import('../../testing/audit')
const { TEST_REQUEST } = await import('../../testing/use-case')

const KEY_L2 = '2fc0579f-8113-47ea-b116-bb5a8db9202a'
const KEY_L1 = 'cb69481e-8ff7-4039-93ec-0a2729a154a8'
const BROKEN = 'ee882879-721c-4913-9775-3dfcce97072a'
const MISSING = 'd8522d9f-575b-4866-88a9-ba99fa02f35b'

const verifiedOnly = (authenticators: Record<string, unknown> = {}) => policySchema.parse({ authenticators: { verified: true, ...authenticators } })

beforeAll(async () => {
  const blob = service.blob(
    [
      service.model({ aaguid: KEY_L2, description: 'Test Key L2', certificationLevel: 'L2' }),
      service.model({ aaguid: KEY_L1, description: 'Test Key L1' }),
      service.model({ aaguid: BROKEN, description: 'Broken Key', status: 'USER_KEY_REMOTE_COMPROMISE', certificationLevel: 'L2' }),
    ],
    { no: 7, nextUpdate: '2099-01-01' },
  )
  expect(await refreshAuthenticatorMetadata({ readSource: async () => blob })).toMatchObject({ outcome: 'loaded' })
})

/** Registers a software passkey claiming `aaguid`, attested as told, under `policy`. */
async function register(aaguid: string, attestation: SoftAttestation, policy = verifiedOnly()) {
  const person = await newPerson()
  const soft = createSoftPasskey(person.id)
  const { options, browserSecret } = await startPasskeyRegistration(person, new Date(), policy)
  const response = registrationResponseSchema.parse(softRegistrationResponse(soft, { challenge: options.challenge, ...softRp(), aaguid, attestation }))
  const result = await finishPasskeyRegistration({ userId: person.id, browserSecret, response, context: TEST_REQUEST, audit: auditFor(), policy })
  return { person, options, result }
}

describe('verified authenticators only', () => {
  it('asks for attestation only where the group wants verified models', async () => {
    const person = await newPerson()
    expect((await startPasskeyRegistration(person)).options.attestation).toBe('none')
    expect((await startPasskeyRegistration(person, new Date(), verifiedOnly())).options.attestation).toBe('direct')
    const enterprise = verifiedOnly({ list: 'allow', aaguids: [KEY_L2], enterprise: true })
    expect((await startPasskeyRegistration(person, new Date(), enterprise)).options.attestation).toBe('enterprise')
  })

  it('accepts a packed attestation chained to the model’s metadata entry, and stores the verified model', async () => {
    const { person, result } = await register(KEY_L2, await service.attestation(KEY_L2))
    expect(result).toMatchObject({ ok: true, passkey: { verifiedModel: 'Test Key L2' } })
    expect(await db().passkey.findFirst({ where: { userId: person.id }, select: { aaguid: true, verifiedModel: true } })).toEqual({
      aaguid: KEY_L2,
      verifiedModel: 'Test Key L2',
    })
  })

  it('refuses "none", self attestation, an unlisted root, an unknown model, a compromised one and a low level', async () => {
    expect((await register(KEY_L2, { kind: 'none' })).result).toEqual({ ok: false, reason: 'attestation_missing' })
    expect((await register(KEY_L2, { kind: 'self' })).result).toEqual({ ok: false, reason: 'attestation_missing' })
    expect((await register(KEY_L2, await service.attestation(KEY_L2, { unlistedRoot: true }))).result).toEqual({
      ok: false,
      reason: 'authenticator_unverified',
    })
    expect((await register(MISSING, await service.attestation(MISSING))).result).toEqual({ ok: false, reason: 'authenticator_unverified' })
    expect((await register(BROKEN, await service.attestation(BROKEN))).result).toEqual({ ok: false, reason: 'authenticator_compromised' })
    const l2 = verifiedOnly({ minimumCertification: 'L2' })
    expect((await register(KEY_L1, await service.attestation(KEY_L1), l2)).result).toEqual({ ok: false, reason: 'authenticator_below_level' })
    expect((await register(KEY_L2, await service.attestation(KEY_L2), l2)).result).toMatchObject({ ok: true })
  })

  it('refuses a certificate that vouches for another model than the one claimed, or names none', async () => {
    // The batch certificate says KEY_L1; the authenticator data claims KEY_L2 (WebAuthn §8.2.1).
    expect((await register(KEY_L2, await service.attestation(KEY_L1))).result).toEqual({ ok: false, reason: 'passkey_invalid' })
    // Both models trust the same root: without the AAGUID extension, KEY_L1's key could pass for KEY_L2.
    expect((await register(KEY_L2, await service.attestation(KEY_L2, { unnamed: true }))).result).toEqual({ ok: false, reason: 'authenticator_unverified' })
  })

  it('applies the allow-list to the verified model', async () => {
    const onlyL1 = verifiedOnly({ list: 'allow', aaguids: [KEY_L1] })
    expect((await register(KEY_L2, await service.attestation(KEY_L2), onlyL1)).result).toEqual({ ok: false, reason: 'passkey_authenticator_not_allowed' })
    expect((await register(KEY_L1, await service.attestation(KEY_L1), onlyL1)).result).toMatchObject({ ok: true })
  })

  it('leaves groups without the setting on "none", the model a claim', async () => {
    const { result } = await register(KEY_L2, { kind: 'none' }, policySchema.parse({}))
    expect(result).toMatchObject({ ok: true, passkey: { verifiedModel: null } })
  })
})
