import { describe, expect, it } from 'vitest'
import { countStatements } from '../../testing/query-count'
import { db } from '../db'
import { DEFAULT_POLICY, type Policy } from '../policy/schema'
import type { GuardRefusal } from '../web/refusal'
import { decideGuard, demoPanelAccount, isRecentlyVerified, passkeyCreationAtStepUp, readSessionFrom, type CurrentSession, type Guard } from './access'
import { sessionCookie } from './session/cookie'
import { issueSession, type SignInMethod } from './session/store'

const MINUTE = 60_000
const NOW = new Date('2026-12-01T12:00:00Z')
const context = { ipAddress: null, userAgent: null }

const requiresPasskey: Policy = { ...DEFAULT_POLICY, passkey: 'required' }
const passkeyStepUp: Policy = { ...DEFAULT_POLICY, stepUp: { ...DEFAULT_POLICY.stepUp, methods: 'passkey' } }

/** A session as the guards see it: signed in by email a minute ago, with a passkey, role user, default policy. */
function session(overrides: Partial<Omit<CurrentSession, 'user'>> & { role?: CurrentSession['user']['role']; userId?: string } = {}): CurrentSession {
  const { role = 'user', userId = 'user-1', ...rest } = overrides
  const method: SignInMethod = rest.method ?? 'email_code'
  return {
    sessionId: 'session-1',
    method,
    signedInAt: new Date(NOW.getTime() - MINUTE),
    verifiedAt: new Date(NOW.getTime() - MINUTE),
    verifiedMethod: method,
    verifiedFor: null,
    user: { id: userId, email: 'person@example.com', displayName: null, role, locale: null, timeZone: null },
    policy: DEFAULT_POLICY,
    hasPasskey: true,
    ...rest,
  }
}

const stale = { signedInAt: new Date(NOW.getTime() - 60 * MINUTE), verifiedAt: new Date(NOW.getTime() - 60 * MINUTE) }

/** The session kinds every guard is asked about. */
const KINDS = {
  none: null,
  recovery: session({ method: 'recovery', hasPasskey: false }),
  'must enrol': session({ policy: requiresPasskey, hasPasskey: false }),
  stale: session(stale),
  recent: session(),
  'stale helpdesk': session({ ...stale, role: 'helpdesk' }),
  'recent helpdesk': session({ role: 'helpdesk' }),
  'stale admin': session({ ...stale, role: 'admin' }),
  'recent admin': session({ role: 'admin' }),
} satisfies Record<string, CurrentSession | null>

type Kind = keyof typeof KINDS
const ok = 'ok' as const

/** What each guard answers each kind of session: the session passes (ok) or the refusal. */
const EXPECTED: Record<Guard, Record<Kind, typeof ok | GuardRefusal>> = {
  public: {
    none: ok,
    recovery: ok,
    'must enrol': ok,
    stale: ok,
    recent: ok,
    'stale helpdesk': ok,
    'recent helpdesk': ok,
    'stale admin': ok,
    'recent admin': ok,
  },
  anonymous: {
    none: ok,
    recovery: ok,
    'must enrol': 'signed_in',
    stale: 'signed_in',
    recent: 'signed_in',
    'stale helpdesk': 'signed_in',
    'recent helpdesk': 'signed_in',
    'stale admin': 'signed_in',
    'recent admin': 'signed_in',
  },
  session: {
    none: 'signed_out',
    recovery: 'recovery_only',
    'must enrol': 'enrolment_required',
    stale: ok,
    recent: ok,
    'stale helpdesk': ok,
    'recent helpdesk': ok,
    'stale admin': ok,
    'recent admin': ok,
  },
  'recently-verified': {
    none: 'signed_out',
    recovery: 'recovery_only',
    'must enrol': 'enrolment_required',
    stale: 'step_up_required',
    recent: ok,
    'stale helpdesk': 'step_up_required',
    'recent helpdesk': ok,
    'stale admin': 'step_up_required',
    'recent admin': ok,
  },
  // The stale sessions here are their account's only one, hence its newest sign-in.
  'newest-or-recently-verified': {
    none: 'signed_out',
    recovery: 'recovery_only',
    'must enrol': 'enrolment_required',
    stale: ok,
    recent: ok,
    'stale helpdesk': ok,
    'recent helpdesk': ok,
    'stale admin': ok,
    'recent admin': ok,
  },
  'recovery-or-recently-verified': {
    none: 'signed_out',
    recovery: ok,
    'must enrol': ok,
    stale: 'step_up_required',
    recent: ok,
    'stale helpdesk': 'step_up_required',
    'recent helpdesk': ok,
    'stale admin': 'step_up_required',
    'recent admin': ok,
  },
  'session-adding-passkey': {
    none: 'signed_out',
    recovery: 'recovery_only',
    'must enrol': ok,
    stale: 'step_up_required',
    recent: ok,
    'stale helpdesk': 'step_up_required',
    'recent helpdesk': ok,
    'stale admin': 'step_up_required',
    'recent admin': ok,
  },
  agent: {
    none: 'signed_out',
    recovery: 'recovery_only',
    'must enrol': 'enrolment_required',
    stale: 'not_found',
    recent: 'not_found',
    'stale helpdesk': ok,
    'recent helpdesk': ok,
    'stale admin': ok,
    'recent admin': ok,
  },
  admin: {
    none: 'signed_out',
    recovery: 'recovery_only',
    'must enrol': 'enrolment_required',
    stale: 'not_found',
    recent: 'not_found',
    'stale helpdesk': 'not_found',
    'recent helpdesk': 'not_found',
    'stale admin': ok,
    'recent admin': ok,
  },
  'admin-recently-verified': {
    none: 'signed_out',
    recovery: 'recovery_only',
    'must enrol': 'enrolment_required',
    stale: 'not_found',
    recent: 'not_found',
    'stale helpdesk': 'not_found',
    'recent helpdesk': 'not_found',
    'stale admin': 'step_up_required',
    'recent admin': ok,
  },
}

async function outcome(guard: Guard, current: CurrentSession | null) {
  const decision = await decideGuard(guard, current, NOW)
  if (!decision.ok) return decision.refusal
  // A guard that lets a browser through hands on its session, except the signed-out ones, which hand on none.
  expect(decision.session).toBe(guard === 'public' || guard === 'anonymous' ? null : current)
  return ok
}

describe('decideGuard', () => {
  for (const guard of Object.keys(EXPECTED) as Guard[]) {
    it(`${guard}: each kind of session passes or is refused for its reason`, async () => {
      const answers: Record<string, string> = {}
      for (const kind of Object.keys(KINDS) as Kind[]) answers[kind] = await outcome(guard, KINDS[kind])
      expect(answers).toEqual(EXPECTED[guard])
    })
  }

  it('a stale session that is not its account’s newest sign-in may not end other sessions; a recent one may', async () => {
    const user = await db().user.create({ data: { email: `guard-${Math.random().toString(36).slice(2, 10)}@example.com` }, select: { id: true } })
    const older = await issueSession(user.id, 'email_code', context, new Date(Date.now() - 60 * MINUTE))
    await issueSession(user.id, 'passkey', context)
    const earlier = new Date(Date.now() - 60 * MINUTE)
    const view = (verifiedAt: Date) => session({ sessionId: older.sessionId, userId: user.id, signedInAt: earlier, verifiedAt })
    expect(await decideGuard('newest-or-recently-verified', view(earlier))).toEqual({ ok: false, refusal: 'step_up_required' })
    // A recent confirmation needs no look at the other sessions.
    const confirmed = view(new Date())
    expect(await countStatements(() => decideGuard('newest-or-recently-verified', confirmed))).toEqual({
      result: { ok: true, session: confirmed },
      statements: 0,
    })
  })

  it('only newest-or-recently-verified reads the database, and only for a stale session', async () => {
    for (const guard of Object.keys(EXPECTED) as Guard[]) {
      for (const kind of Object.keys(KINDS) as Kind[]) {
        const { statements } = await countStatements(() => decideGuard(guard, KINDS[kind], NOW))
        expect(statements, `${guard} × ${kind}`).toBe(guard === 'newest-or-recently-verified' && kind.startsWith('stale') ? 1 : 0)
      }
    }
  })

  it('a confirmation by email does not count where the group wants a passkey for step-up; one by passkey does', async () => {
    const byEmail = session({ policy: passkeyStepUp })
    const byPasskey = session({ policy: passkeyStepUp, verifiedMethod: 'passkey' })
    expect(await decideGuard('recently-verified', byEmail, NOW)).toEqual({ ok: false, refusal: 'step_up_required' })
    expect(await decideGuard('recently-verified', byPasskey, NOW)).toEqual({ ok: true, session: byPasskey })
  })

  it('a first passkey may be added right after an email sign-in where step-up must be a passkey, but not once the window has passed', async () => {
    const first = session({ policy: passkeyStepUp, hasPasskey: false })
    expect(await decideGuard('recovery-or-recently-verified', first, NOW)).toEqual({ ok: true, session: first })
    // With a passkey already, the email proof does not do.
    expect(await decideGuard('recovery-or-recently-verified', { ...first, hasPasskey: true }, NOW)).toEqual({ ok: false, refusal: 'step_up_required' })
    const later = new Date(NOW.getTime() + DEFAULT_POLICY.stepUp.windowMinutes * MINUTE)
    expect(await decideGuard('recovery-or-recently-verified', first, later)).toEqual({ ok: false, refusal: 'step_up_required' })
  })

  it('a texted code confirms nothing: not a change, not a first passkey, and its session does not evict the others as the newest', async () => {
    const texted = session({ method: 'sms_code', verifiedMethod: 'sms_code', hasPasskey: false })
    for (const guard of ['recently-verified', 'recovery-or-recently-verified', 'newest-or-recently-verified'] as const) {
      expect(await decideGuard(guard, texted, NOW), guard).toEqual({ ok: false, refusal: 'step_up_required' })
    }
    // Not even where the group requires a passkey and the person has none: they confirm by email first.
    const required = { ...texted, policy: { ...DEFAULT_POLICY, passkey: 'required' as const } }
    for (const guard of ['recovery-or-recently-verified', 'session-adding-passkey'] as const) {
      expect(await decideGuard(guard, required, NOW), guard).toEqual({ ok: false, refusal: 'step_up_required' })
    }
    // Confirmed since by the emailed code: that proof counts as usual.
    const confirmed = { ...texted, verifiedMethod: 'email_code' as const }
    expect(await decideGuard('recently-verified', confirmed, NOW)).toEqual({ ok: true, session: confirmed })
  })

  it('the step-up window is the group’s own', async () => {
    const short = session({ policy: { ...DEFAULT_POLICY, stepUp: { ...DEFAULT_POLICY.stepUp, windowMinutes: 1 } } })
    expect(await decideGuard('recently-verified', short, new Date(NOW.getTime() - 1))).toMatchObject({ ok: true })
    expect(await decideGuard('recently-verified', short, NOW)).toEqual({ ok: false, refusal: 'step_up_required' })
  })
})

describe('passkeyCreationAtStepUp', () => {
  const noPasskeys: Policy = { ...DEFAULT_POLICY, methods: ['email_code', 'email_link'] }

  it('creates now when adding a passkey is allowed now: a first one after a recent sign-in, or a recent confirmation', async () => {
    expect(await passkeyCreationAtStepUp(session({ hasPasskey: false }), NOW)).toBe('now')
    expect(await passkeyCreationAtStepUp(session({ hasPasskey: false, policy: passkeyStepUp }), NOW)).toBe('now')
    expect(await passkeyCreationAtStepUp(session(), NOW)).toBe('now')
  })

  it('asks for an emailed code first where the group accepts one for a stale session', async () => {
    expect(await passkeyCreationAtStepUp(session({ ...stale, hasPasskey: false }), NOW)).toBe('after-email-code')
    expect(await passkeyCreationAtStepUp(session(stale), NOW)).toBe('after-email-code')
  })

  it('offers nothing where passkeys do not sign in, or where only a passkey the account already has may confirm', async () => {
    expect(await passkeyCreationAtStepUp(session({ hasPasskey: false, policy: noPasskeys }), NOW)).toBe('no')
    // Not downgraded: an account with passkeys whose group confirms only with one is not let in by a recent email sign-in.
    expect(await passkeyCreationAtStepUp(session({ policy: passkeyStepUp }), NOW)).toBe('no')
    expect(await passkeyCreationAtStepUp(session({ ...stale, hasPasskey: false, policy: passkeyStepUp }), NOW)).toBe('no')
  })

  it('outside demo mode, a demo panel account is like any other', async () => {
    const panel = session({ userId: 'demo-person-001', policy: passkeyStepUp })
    expect(demoPanelAccount('demo-person-001')).toBe(false)
    expect(await decideGuard('session-adding-passkey', panel, NOW)).toEqual({ ok: false, refusal: 'step_up_required' })
    expect(await passkeyCreationAtStepUp(panel, NOW)).toBe('no')
  })
})

describe('isRecentlyVerified', () => {
  it('counts a proof within the window by an accepted method; a recovery session always', () => {
    expect(isRecentlyVerified(session(), NOW)).toBe(true)
    expect(isRecentlyVerified(session(stale), NOW)).toBe(false)
    expect(isRecentlyVerified(session({ method: 'recovery', ...stale }), NOW)).toBe(true)
    expect(isRecentlyVerified(session({ policy: passkeyStepUp }), NOW)).toBe(false)
    expect(isRecentlyVerified(session({ policy: passkeyStepUp }), NOW, true)).toBe(true)
    expect(isRecentlyVerified(session({ policy: passkeyStepUp, ...stale }), NOW, true)).toBe(false)
  })
})

describe('readSessionFrom', () => {
  it('reads the session a Cookie header names in one statement, of any kind, and nothing for no or an unknown cookie', async () => {
    const user = await db().user.create({ data: { email: `read-${Math.random().toString(36).slice(2, 10)}@example.com` }, select: { id: true, email: true } })
    const issued = await issueSession(user.id, 'passkey', context, new Date(), db(), { passkeyDeviceBound: true })
    const read = await countStatements(() => readSessionFrom({ headers: { cookie: `other=1; ${sessionCookie().name}=${issued.secret}; more=2` } }))
    expect(read.statements).toBe(1)
    expect(read.result).toMatchObject({
      sessionId: issued.sessionId,
      method: 'passkey',
      verifiedMethod: 'passkey',
      user: { id: user.id, email: user.email, role: 'user' },
      policy: DEFAULT_POLICY,
      hasPasskey: false,
      passkeyDeviceBound: true,
    })
    expect(read.result?.signedInAt).toBeInstanceOf(Date)
    expect(typeof read.result?.groupId).toBe('string')

    const recovery = await issueSession(user.id, 'recovery', context)
    expect(await readSessionFrom({ headers: { cookie: `${sessionCookie().name}=${recovery.secret}` } })).toMatchObject({ method: 'recovery' })
    expect(await countStatements(() => readSessionFrom({ headers: {} }))).toEqual({ result: null, statements: 0 })
    expect(await readSessionFrom({ headers: { cookie: `${sessionCookie().name}=not-a-session` } })).toBeNull()
  })
})
