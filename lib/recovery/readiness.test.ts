import { describe, expect, it } from 'vitest'
import { db } from '../db'
import { countStatements } from '../../testing/query-count'
import { translatorFor } from '../i18n/translator'
import { describeReadiness, readinessWords, recoveryReadiness, type Readiness, type ReadinessFacts } from './readiness'

const facts = (overrides: Partial<ReadinessFacts>): ReadinessFacts => ({ passkeys: [], recoveryCodesLeft: 0, totp: false, backupEmail: false, ...overrides })
const english = translatorFor('en', 'UTC')
const summary = (readiness: Readiness) => readinessWords(readiness, english).summary
const synced = { synced: true }
const local = { synced: false }

describe('recovery readiness', () => {
  it.each([
    [
      'two passkeys, one synced, and codes',
      facts({ passkeys: [synced, local], recoveryCodesLeft: 8 }),
      'ready',
      'Ready: 2 passkeys (1 synced), recovery codes (8 left).',
    ],
    [
      'one passkey and an authenticator app',
      facts({ passkeys: [local], totp: true, backupEmail: true }),
      'ready',
      'Ready: 1 passkey, authenticator app, backup email.',
    ],
    ['two passkeys on two devices, one synced, nothing else', facts({ passkeys: [synced, local] }), 'ready', 'Ready: 2 passkeys (1 synced).'],
    ['one passkey on this device only', facts({ passkeys: [local] }), 'warning', 'You only have one passkey, on this device: add recovery codes.'],
    [
      'two device-bound passkeys',
      facts({ passkeys: [local, local] }),
      'warning',
      'Your passkeys each live on one device: add recovery codes in case you lose them.',
    ],
    [
      'one synced passkey',
      facts({ passkeys: [synced] }),
      'warning',
      'Your only passkey is synced by one provider: add recovery codes in case you lose access to it.',
    ],
    ['three codes left', facts({ passkeys: [local], recoveryCodesLeft: 3 }), 'warning', 'Only 3 recovery codes left: make a new set before you run out.'],
    ['no passkey yet', facts({}), 'no_passkey', 'You sign in with codes sent to your email.'],
  ])('%s', (_label, input, state, text) => {
    const readiness = describeReadiness(input)
    expect(readiness.state).toBe(state)
    expect(summary(readiness)).toBe(text)
  })

  it('a warning names one action', () => {
    const readiness = describeReadiness(facts({ passkeys: [local] }))
    expect(readiness).toMatchObject({ action: { kind: 'add_recovery_codes', href: '/account/recovery' } })
    expect(readinessWords(readiness, english).action).toBe('Add recovery codes')
  })

  it('reads in the reader’s language', () => {
    const german = translatorFor('de', 'Europe/Berlin')
    expect(readinessWords(describeReadiness(facts({ passkeys: [synced, local], recoveryCodesLeft: 8, totp: true })), german).summary).toBe(
      'Bereit: 2 Passkeys (1 synchronisiert), Wiederherstellungscodes (8 übrig) und Authenticator-App.',
    )
    expect(readinessWords(describeReadiness(facts({ passkeys: [local], recoveryCodesLeft: 1 })), german)).toEqual({
      summary: 'Nur noch 1 Wiederherstellungscode übrig: Erstellen Sie neue Codes, bevor sie Ihnen ausgehen.',
      action: 'Neue Wiederherstellungscodes erstellen',
    })
  })
})

describe('recovery readiness of an account', () => {
  it('reads passkeys, unused recovery codes, a confirmed authenticator app and a backup address in one statement', async () => {
    const email = `ready-${Math.random().toString(36).slice(2, 10)}@example.com`
    const { id: userId } = await db().user.create({ data: { email, backupEmail: `backup-${email}` }, select: { id: true } })
    const other = await db().user.create({ data: { email: `other-${email}` }, select: { id: true } })
    const passkey = (owner: string, synced: boolean, n: number) => ({
      userId: owner,
      credentialId: `${owner}-${n}`,
      publicKey: new Uint8Array([n]),
      aaguid: '00000000-0000-0000-0000-000000000000',
      name: `Key ${n}`,
      backupEligible: synced,
      backedUp: synced,
      createdAt: new Date(),
    })
    await db().passkey.createMany({ data: [passkey(userId, true, 1), passkey(userId, false, 2), passkey(other.id, true, 3)] })
    const code = (owner: string, usedAt: Date | null) => ({ userId: owner, salt: 's', hash: 'h', createdAt: new Date(), usedAt })
    await db().recoveryCode.createMany({ data: [code(userId, null), code(userId, null), code(userId, new Date()), code(other.id, null)] })
    await db().totpFactor.create({ data: { userId: other.id, secret: 'x', confirmedAt: new Date(), createdAt: new Date() } })

    const { result, statements } = await countStatements(() => recoveryReadiness(userId))
    expect(statements).toBe(1)
    expect(result).toMatchObject({ state: 'warning', gap: 'codes_low' })
    expect(summary(result)).toBe('Only 2 recovery codes left: make a new set before you run out.')
    const ready = await recoveryReadiness(other.id)
    expect(ready.state).toBe('ready')
    expect(summary(ready)).toBe('Ready: 1 passkey (1 synced), recovery codes (1 left), authenticator app.')

    await db().totpFactor.create({ data: { userId, secret: 'y', confirmedAt: null, createdAt: new Date() } })
    expect((await recoveryReadiness(userId)).state).toBe('warning')
  })
})
