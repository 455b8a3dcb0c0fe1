import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { findActiveSession, issueSession } from '../auth/session/store'
import { db } from '../db'
import { countStatements } from '../../testing/query-count'
import { authenticatorAllowed, enrolmentRequired, methodAllowed, proofSatisfiesStepUp, sessionEndsAt, smsAllowed } from './decide'
import { policyChanges, previewPerson } from './explain'
import { policyFormSchema } from './form'
import { listGroups } from './groups'
import { PRESETS, SEEDED_GROUPS, applyPreset, findPreset } from './presets'
import { DEFAULT_POLICY, policySchema, type Policy } from './schema'

const MINUTE = 60_000
const context = { ipAddress: '203.0.113.9', userAgent: 'vitest' }
const seeded = (id: (typeof SEEDED_GROUPS)[number]['id']) => SEEDED_GROUPS.find((group) => group.id === id)!.policy as Policy

/** The first issue of a refused policy: its path and its message (an error code). */
function refusal(input: unknown) {
  const parsed = policySchema.safeParse(input)
  expect(parsed.success).toBe(false)
  const issue = parsed.error!.issues[0]!
  return { path: issue.path.join('.'), code: issue.message }
}

describe('policy validation', () => {
  it('refuses a group with no sign-in method, lifetimes out of bounds, or an empty allow list, each on its own field', () => {
    expect(refusal({ methods: [] })).toEqual({ path: 'methods', code: 'policy_methods' })
    expect(refusal({ lifetimes: { emailCodeMinutes: 11 } })).toEqual({ path: 'lifetimes.emailCodeMinutes', code: 'policy_lifetimes' })
    expect(refusal({ lifetimes: { invitationHours: 7 * 24 + 1 } })).toEqual({ path: 'lifetimes.invitationHours', code: 'policy_lifetimes' })
    expect(refusal({ authenticators: { list: 'allow', aaguids: [] } })).toEqual({ path: 'authenticators.aaguids', code: 'policy_aaguids' })
    expect(refusal({ authenticators: { list: 'block', aaguids: ['not-an-aaguid'] } })).toEqual({ path: 'authenticators.aaguids.0', code: 'policy_aaguids' })
    expect(refusal({ session: { idleMinutes: 600, absoluteHours: 1 } })).toEqual({ path: 'session.idleMinutes', code: 'policy_timeouts' })
    expect(refusal({ methods: ['email_code'], passkey: 'required' })).toEqual({ path: 'passkey', code: 'policy_passkey' })
    expect(refusal({ authenticators: { verified: true, minimumCertification: 'L4' } })).toEqual({
      path: 'authenticators.minimumCertification',
      code: 'policy_attestation',
    })
    // Enterprise attestation identifies each device: only for verified models from an allow-list.
    expect(refusal({ authenticators: { enterprise: true } })).toEqual({ path: 'authenticators.enterprise', code: 'policy_attestation' })
    expect(refusal({ authenticators: { verified: true, enterprise: true } })).toEqual({ path: 'authenticators.enterprise', code: 'policy_attestation' })
  })

  it('fills every field with its documented default: the portal as it was before groups', () => {
    expect(DEFAULT_POLICY).toEqual({
      methods: ['passkey', 'email_code', 'email_link'],
      passkey: 'nudge',
      stepUp: { windowMinutes: 10, methods: 'passkey_or_email' },
      session: { idleMinutes: 7 * 24 * 60, absoluteHours: 30 * 24 },
      lifetimes: { emailCodeMinutes: 10, invitationHours: 72 },
      recovery: { selfService: true, emailAlone: false, emailAloneWaitHours: 24 },
      authenticators: { synced: true, list: 'any', aaguids: [], verified: false, minimumCertification: 'L1', enterprise: false },
      sms: { purposes: [] },
    })
  })

  it('puts an editor form’s errors on the field that caused them', () => {
    const schema = policyFormSchema({ groupId: z.string() })
    const form = {
      groupId: 'customers',
      'policy.methods': ['passkey'],
      'policy.passkey': 'nudge',
      'policy.stepUp.windowMinutes': '10',
      'policy.stepUp.methods': 'passkey',
      'policy.session.idleMinutes': '60',
      'policy.session.absoluteHours': '24',
      'policy.lifetimes.emailCodeMinutes': '10',
      'policy.lifetimes.invitationHours': '72',
      'policy.recovery.emailAloneWaitHours': '24',
      'policy.authenticators.list': 'any',
      'policy.authenticators.aaguids': '',
    }
    const ok = schema.safeParse(form)
    expect(ok.success && ok.data.groupId).toBe('customers')
    expect(ok.success && ok.data.policy.recovery).toEqual({ selfService: false, emailAlone: false, emailAloneWaitHours: 24 })
    const firstPath = (input: Record<string, unknown>) => schema.safeParse(input).error?.issues[0]?.path.join('.')
    expect(firstPath({ ...form, 'policy.lifetimes.emailCodeMinutes': '30' })).toBe('policy.lifetimes.emailCodeMinutes')
    expect(firstPath({ ...form, 'policy.stepUp.windowMinutes': '' })).toBe('policy.stepUp.windowMinutes')
    expect(firstPath({ ...form, 'policy.methods': undefined })).toBe('policy.methods')
    expect(firstPath({ ...form, 'policy.authenticators.list': 'allow' })).toBe('policy.authenticators.aaguids')
    // A recovery by email alone waits at least an hour and at most a week.
    expect(firstPath({ ...form, 'policy.recovery.emailAloneWaitHours': '0' })).toBe('policy.recovery.emailAloneWaitHours')
    expect(firstPath({ ...form, 'policy.recovery.emailAloneWaitHours': '169' })).toBe('policy.recovery.emailAloneWaitHours')
  })
})

describe('presets', () => {
  it('the phase-4 preset on Employees drops links, requires a passkey and a passkey step-up within 5 minutes, and keeps the rest', () => {
    const employees = seeded('employees')
    const after = applyPreset(employees, findPreset('workforce-4')!)
    expect(after).toMatchObject({ methods: ['passkey', 'email_code'], passkey: 'required', stepUp: { windowMinutes: 5, methods: 'passkey' } })
    expect(after.session).toEqual(employees.session)
    expect(policyChanges(employees, after).map((change) => change.key)).toEqual(['methods', 'passkey', 'stepUp.methods', 'stepUp.windowMinutes'])
  })

  it('every preset yields a valid policy from every seeded group', () => {
    for (const group of SEEDED_GROUPS) for (const preset of PRESETS) expect(() => applyPreset(group.policy as Policy, preset)).not.toThrow()
  })

  it('the migration seeds exactly the groups of presets.ts, Customers the default', async () => {
    const groups = await listGroups()
    expect(groups.map(({ id, name, policy, isDefault }) => ({ id, name, policy, isDefault })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      SEEDED_GROUPS.map(({ id, name, policy }) => ({ id, name, policy, isDefault: id === 'customers' })).sort((a, b) => a.id.localeCompare(b.id)),
    )
  })
})

describe('decisions', () => {
  it('administrators: no links, a passkey first, and only a passkey confirms', () => {
    const admins = seeded('administrators')
    expect(methodAllowed(admins, 'magic_link')).toBe(false)
    expect(methodAllowed(admins, 'email_code')).toBe(true)
    expect(enrolmentRequired(admins, false)).toBe(true)
    expect(enrolmentRequired(admins, true)).toBe(false)
    expect(proofSatisfiesStepUp(admins, 'email_code')).toBe(false)
    expect(proofSatisfiesStepUp(admins, 'passkey')).toBe(true)
    const tier3 = applyPreset(DEFAULT_POLICY, findPreset('customers-3')!)
    expect(proofSatisfiesStepUp(tier3, 'email_code')).toBe(false)
  })

  it('synced passkeys and listed authenticators', () => {
    const deviceBound = policySchema.parse({ authenticators: { synced: false } })
    expect(authenticatorAllowed(deviceBound, { aaguid: '00000000-0000-0000-0000-000000000000', backupEligible: true })).toEqual({
      ok: false,
      reason: 'passkey_synced_not_allowed',
    })
    const blocked = policySchema.parse({ authenticators: { list: 'block', aaguids: ['EA9B8D66-4D01-1D21-3CE4-B6B48CB575D4'] } })
    expect(authenticatorAllowed(blocked, { aaguid: 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4', backupEligible: true }).ok).toBe(false)
    expect(authenticatorAllowed(blocked, { aaguid: '00000000-0000-0000-0000-000000000000', backupEligible: true }).ok).toBe(true)
  })

  it('text-message codes: only for the purposes a policy lists, never for staff, break-glass or a passkey-only person', () => {
    const texts = policySchema.parse({ sms: { purposes: ['sign_in'] } })
    const member = { role: 'user', groupId: 'customers', passkeyOnly: false }
    expect(smsAllowed(texts, 'sign_in', member)).toBe(true)
    expect(smsAllowed(DEFAULT_POLICY, 'sign_in', member)).toBe(false)
    for (const fenced of [{ role: 'admin' }, { role: 'helpdesk' }, { groupId: 'break-glass' }, { groupId: 'administrators' }, { passkeyOnly: true }]) {
      expect(smsAllowed(texts, 'sign_in', { ...member, ...fenced })).toBe(false)
    }
    expect(refusal({ sms: { purposes: ['recovery'] } })).toEqual({ path: 'sms.purposes.0', code: 'policy_sms' })
  })

  it('group timeouts on a controllable clock: an administrator idle 16 minutes is out, a customer is not', () => {
    const start = new Date('2026-01-01T09:00:00Z')
    const session = { createdAt: start, lastSeenAt: start, expiresAt: new Date(start.getTime() + 30 * 24 * 60 * MINUTE), method: 'email_code' as const }
    const later = start.getTime() + 16 * MINUTE
    expect(sessionEndsAt(seeded('administrators'), session).getTime()).toBeLessThan(later)
    expect(sessionEndsAt(seeded('customers'), session).getTime()).toBeGreaterThan(later)
  })

  it('the preview says what the server does, and why', () => {
    const lines = previewPerson({
      groupName: 'Administrators',
      policy: seeded('administrators'),
      passkeys: 0,
      syncedPasskeys: 0,
      hasRecoveryCodes: false,
      hasTotp: false,
      status: 'active',
    })
    expect(lines.find((line) => line.label === 'After signing in')).toMatchObject({ value: 'sent to add a passkey first' })
    expect(lines.find((line) => line.label === 'Can sign in with')?.value).toBe('passkey or emailed code')
    expect(lines.find((line) => line.label === 'Signed out after')?.value).toBe('15 minutes idle, 12 hours in all')
  })
})

describe('the session check under a group policy', () => {
  async function sessionIn(groupId: string, idleMinutes: number) {
    const user = await db().user.create({ data: { email: `policy-${Math.random().toString(36).slice(2)}@example.com`, groupId } })
    const start = new Date()
    const issued = await issueSession(user.id, 'email_code', context, start)
    await db().session.update({ where: { id: issued.sessionId }, data: { lastSeenAt: new Date(start.getTime() - idleMinutes * MINUTE) } })
    return { issued, start }
  }

  it('is still one statement, and applies the group’s idle timeout', async () => {
    const admin = await sessionIn('administrators', 16)
    const { result, statements } = await countStatements(() => findActiveSession(admin.issued.secret, admin.start))
    expect(statements).toBe(1)
    expect(result).toBeNull()
    const customer = await sessionIn('customers', 16)
    expect((await findActiveSession(customer.issued.secret, customer.start))?.policy).toEqual(seeded('customers'))
  })

  it('ends longer sessions on their next request once the group’s timeout is shortened', async () => {
    const group = await db().group.create({ data: { name: `Short ${Math.random()}`, policy: JSON.stringify(DEFAULT_POLICY) } })
    const { issued, start } = await sessionIn(group.id, 30)
    expect(await findActiveSession(issued.secret, start)).not.toBeNull()
    await db().group.update({
      where: { id: group.id },
      data: { policy: JSON.stringify(policySchema.parse({ session: { idleMinutes: 20, absoluteHours: 24 } })) },
    })
    expect(await findActiveSession(issued.secret, start)).toBeNull()
  })
})
