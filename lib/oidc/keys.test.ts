import { describe, expect, it } from 'vitest'
import { db } from '../db'
import { ACTIVATION_DELAY_MS, PUBLISH_RETIRED_MS, deleteRetiredKeys, loadSigningKeys, rotateSigningKeys } from './keys'

const minutes = (start: Date, count: number) => new Date(start.getTime() + count * 60_000)

/** The kid that signs for an algorithm: the provider uses the first key of that algorithm. */
const signer = (keys: { kid: string; alg: string }[], alg: string) => keys.find((key) => key.alg === alg)?.kid

describe('the provider’s signing keys', () => {
  it('are made once on first start, even by instances starting together, and stored sealed', async () => {
    await db().oidcSigningKey.deleteMany({})
    const now = new Date()
    const sets = await Promise.all([loadSigningKeys(now), loadSigningKeys(now), loadSigningKeys(now)])
    expect(await db().oidcSigningKey.count()).toBe(2)
    expect(new Set(sets.map((set) => set.fingerprint)).size).toBe(1)
    const [set] = sets
    expect(set!.keys.map((key) => key.alg).sort()).toEqual(['ES256', 'RS256'])
    for (const key of set!.keys) {
      expect(key.d).toBeTruthy()
      const row = await db().oidcSigningKey.findUniqueOrThrow({ where: { kid: key.kid } })
      expect(row.sealedJwk.startsWith('v1.')).toBe(true)
      expect(row.sealedJwk).not.toContain(key.d!)
    }
    // A sealed key moved under another kid does not open, and is left out rather than used.
    const row = await db().oidcSigningKey.findFirstOrThrow({ where: { alg: 'ES256' } })
    await db().oidcSigningKey.create({ data: { kid: 'copied', alg: 'ES256', sealedJwk: row.sealedJwk, createdAt: minutes(now, -1) } })
    expect((await loadSigningKeys(now)).keys.map((key) => key.kid)).not.toContain('copied')
    await db().oidcSigningKey.deleteMany({ where: { kid: 'copied' } })
  })

  it('rotate without a gap: the new key is published first, signs later, and the old one stays published a day', async () => {
    const now = new Date()
    const before = await loadSigningKeys(now)
    const oldEs = signer(before.keys, 'ES256')!
    const { kids: newKids, activatesAt } = await rotateSigningKeys(now)
    expect(activatesAt.getTime()).toBe(now.getTime() + ACTIVATION_DELAY_MS)
    expect(newKids).toHaveLength(2)

    const during = await loadSigningKeys(minutes(now, 1))
    expect(during.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([...newKids, oldEs]))
    expect(signer(during.keys, 'ES256')).toBe(oldEs)
    expect(during.fingerprint).not.toBe(before.fingerprint)

    const after = await loadSigningKeys(new Date(now.getTime() + ACTIVATION_DELAY_MS + 1000))
    expect(newKids).toContain(signer(after.keys, 'ES256'))
    expect(newKids).toContain(signer(after.keys, 'RS256'))
    expect(after.keys.map((key) => key.kid)).toContain(oldEs)

    const dayLater = new Date(now.getTime() + ACTIVATION_DELAY_MS + PUBLISH_RETIRED_MS + 1000)
    expect((await loadSigningKeys(dayLater)).keys.map((key) => key.kid)).not.toContain(oldEs)
    expect(await deleteRetiredKeys(dayLater)).toBeGreaterThanOrEqual(2)
    expect(await db().oidcSigningKey.count({ where: { kid: oldEs } })).toBe(0)
  })
})
