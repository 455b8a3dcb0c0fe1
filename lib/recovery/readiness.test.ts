import { describe, expect, it } from 'vitest'
import { describeReadiness, type ReadinessFacts } from './readiness'

const facts = (overrides: Partial<ReadinessFacts>): ReadinessFacts => ({ passkeys: [], recoveryCodesLeft: 0, totp: false, backupEmail: false, ...overrides })
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
  ])('%s', (_label, input, state, summary) => {
    expect(describeReadiness(input)).toMatchObject({ state, summary })
  })

  it('a warning names one action', () => {
    expect(describeReadiness(facts({ passkeys: [local] }))).toMatchObject({ action: { label: 'Add recovery codes', href: '/account/recovery' } })
  })
})
