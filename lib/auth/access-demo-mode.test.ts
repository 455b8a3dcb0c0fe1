import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, type Policy } from '../policy/schema'
import { decideGuard, demoPanelAccount, passkeyCreationAtStepUp, type CurrentSession } from './access'

// Read once per process (each test file runs in its own): this file is a demo deployment.
process.env.DEMO_MODE = '1'

const MINUTE = 60_000
const NOW = new Date('2026-12-01T12:00:00Z')
const passkeyStepUp: Policy = { ...DEFAULT_POLICY, stepUp: { ...DEFAULT_POLICY.stepUp, methods: 'passkey' } }

/** A demo administrator's one-press sign-in: not a passkey, a group that confirms only with one, seeded passkeys in no browser. */
function panelSession(userId: string, signedInMinutesAgo = 1): CurrentSession {
  const at = new Date(NOW.getTime() - signedInMinutesAgo * MINUTE)
  return {
    sessionId: 'session-1',
    method: 'email_code',
    signedInAt: at,
    verifiedAt: at,
    verifiedMethod: 'email_code',
    verifiedFor: null,
    user: { id: userId, email: 'person-001@demo.example', displayName: null, role: 'admin', locale: null, timeZone: null },
    policy: passkeyStepUp,
    hasPasskey: true,
  }
}

describe('adding a passkey in demo mode', () => {
  it('a panel account just signed in may create a passkey on this device, though its group confirms only with one', async () => {
    const fresh = panelSession('demo-person-001')
    expect(demoPanelAccount('demo-person-001')).toBe(true)
    expect(await decideGuard('session-adding-passkey', fresh, NOW)).toEqual({ ok: true, session: fresh })
    expect(await passkeyCreationAtStepUp(fresh, NOW)).toBe('now')
  })

  it('only within the step-up window, and only for the panel’s accounts', async () => {
    const stale = panelSession('demo-person-001', DEFAULT_POLICY.stepUp.windowMinutes + 1)
    expect(await decideGuard('session-adding-passkey', stale, NOW)).toEqual({ ok: false, refusal: 'step_up_required' })
    expect(await passkeyCreationAtStepUp(stale, NOW)).toBe('no')
    const other = panelSession('demo-person-050')
    expect(demoPanelAccount('demo-person-050')).toBe(false)
    expect(await decideGuard('session-adding-passkey', other, NOW)).toEqual({ ok: false, refusal: 'step_up_required' })
  })
})
