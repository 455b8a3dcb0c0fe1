import { describe, expect, it } from 'vitest'
import { db } from '../../db'
import { env } from '../../env'
import { createSoftPasskey, softAuthenticationResponse, softRegistrationResponse } from '../../../testing/soft-authenticator'
import { DECOY_COUNT_WEIGHTS, DECOY_PROFILES, decoyCredentials, isDecoyCredentialId } from './decoys'
import { startPasskeyAuthentication, verifyPasskeyAuthentication } from './authentication'
import { finishPasskeyRegistration, startPasskeyRegistration } from './registration'
import { authenticationResponseSchema, registrationResponseSchema } from './webauthn'

const context = { ipAddress: null, userAgent: null }
const rp = () => ({ origin: env().webauthn.origins[0]!, rpId: env().webauthn.rpId })

/** Pearson's chi-square statistic of observed counts against expected proportions. */
function chiSquare(observed: Map<number, number>, expected: Map<number, number>, total: number): number {
  let sum = 0
  for (const [value, share] of expected) {
    const wanted = share * total
    sum += ((observed.get(value) ?? 0) - wanted) ** 2 / wanted
  }
  return sum
}

function shares(entries: [number, number][]): Map<number, number> {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0)
  const map = new Map<number, number>()
  for (const [value, weight] of entries) map.set(value, (map.get(value) ?? 0) + weight / total)
  return map
}

const tally = (values: number[]) => values.reduce((map, value) => map.set(value, (map.get(value) ?? 0) + 1), new Map<number, number>())

describe('passkey decoys', () => {
  const addresses = Array.from({ length: 4000 }, (_, index) => `someone-${index}@example.org`)
  const lists = addresses.map((address) => decoyCredentials(address))

  it('over 4,000 addresses, the number of IDs and their lengths follow the distribution of real lists (chi-square, p > 0.001)', () => {
    const counts = tally(lists.map((list) => list.length))
    const expectedCounts = shares(DECOY_COUNT_WEIGHTS.map((weight, index) => [index + 1, weight]))
    // 3 degrees of freedom: 16.27 at p = 0.001.
    expect(chiSquare(counts, expectedCounts, lists.length)).toBeLessThan(16.27)

    const ids = lists.flat()
    const lengths = tally(ids.map((credential) => Buffer.from(credential.id, 'base64url').length))
    const expectedLengths = shares(DECOY_PROFILES.map((profile) => [profile.bytes, profile.weight]))
    // 4 degrees of freedom (5 distinct lengths): 18.47 at p = 0.001.
    expect(chiSquare(lengths, expectedLengths, ids.length)).toBeLessThan(18.47)

    // The old tell: every decoy list had 1 or 2 IDs of 16 bytes with the same transports.
    expect(lists.filter((list) => list.length > 2).length / lists.length).toBeGreaterThan(0.12)
    expect(ids.filter((credential) => Buffer.from(credential.id, 'base64url').length !== 16).length / ids.length).toBeGreaterThan(0.5)
    expect(new Set(ids.map((credential) => credential.transports.join(','))).size).toBe(
      new Set(DECOY_PROFILES.map((profile) => profile.transports.join(','))).size,
    )
  })

  it('are stable per address, different between addresses, and recognisable only with the key', () => {
    expect(decoyCredentials(addresses[0]!)).toEqual(lists[0])
    expect(new Set(lists.map((list) => list[0]!.id)).size).toBe(lists.length)
    expect(lists.flat().every((credential) => isDecoyCredentialId(credential.id))).toBe(true)
    expect(isDecoyCredentialId(createSoftPasskey('x').credentialId)).toBe(false)
  })

  it('an assertion naming a decoy gets the same answer as a real passkey with a wrong signature', async () => {
    const user = await db().user.create({ data: { email: `real-${Date.now()}@example.com` }, select: { id: true, email: true, displayName: true } })
    const soft = createSoftPasskey(user.id)
    const creation = await startPasskeyRegistration(user)
    const registered = await finishPasskeyRegistration({
      userId: user.id,
      browserSecret: creation.browserSecret,
      response: registrationResponseSchema.parse(softRegistrationResponse(soft, { challenge: creation.options.challenge, ...rp() })),
      context,
    })
    if (!registered.ok) throw new Error(registered.reason)

    // The attacker holds a key of their own and answers with the ID the options listed.
    const forged = { ...createSoftPasskey(user.id), credentialId: soft.credentialId }
    const real = await startPasskeyAuthentication({ purpose: 'sign_in', email: user.email })
    const decoy = await startPasskeyAuthentication({ purpose: 'sign_in', email: 'nobody-at-all@example.com' })
    const answer = async (started: typeof real, credentialId: string) =>
      verifyPasskeyAuthentication({
        browserSecret: started.browserSecret,
        response: authenticationResponseSchema.parse(
          softAuthenticationResponse({ ...forged, credentialId }, { challenge: started.options.challenge, ...rp() }),
        ),
        purpose: 'sign_in',
        context,
      })
    const onReal = await answer(real, soft.credentialId)
    const onDecoy = await answer(decoy, decoy.options.allowCredentials![0]!.id)
    expect(onReal).toMatchObject({ ok: false, reason: 'passkey_invalid' })
    expect(onDecoy).toMatchObject({ ok: false, reason: 'passkey_invalid' })
  })
})
