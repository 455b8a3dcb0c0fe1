import { describe, expect, it } from 'vitest'
import { floorOf, holdFloor, presetForGroup, weakerThanFloor } from './floors'
import { BREAK_GLASS_GROUP, PRESETS, SEEDED_GROUPS, applyPreset, findPreset } from './presets'
import { DEFAULT_POLICY, PASSKEY_REQUIREMENTS, POLICY_BOUNDS, SIGN_IN_METHODS, STEP_UP_METHODS, policySchema, type Policy } from './schema'

const PROTECTED = ['administrators', BREAK_GLASS_GROUP] as const
const seeded = (id: string) => SEEDED_GROUPS.find((group) => group.id === id)!.policy as Policy

/** The loosest policy the schema allows: every method, no passkey asked for, the longest windows, every recovery. */
const LOOSEST = policySchema.parse({
  methods: [...SIGN_IN_METHODS],
  passkey: 'optional',
  stepUp: { windowMinutes: POLICY_BOUNDS.stepUpWindowMinutes.max, methods: 'passkey_or_email' },
  session: { idleMinutes: POLICY_BOUNDS.idleMinutes.max, absoluteHours: POLICY_BOUNDS.absoluteHours.max },
  lifetimes: { emailCodeMinutes: POLICY_BOUNDS.emailCodeMinutes.max, invitationHours: POLICY_BOUNDS.invitationHours.max },
  recovery: { selfService: true, emailAlone: true },
  authenticators: { synced: true, list: 'any', aaguids: [] },
  sms: { purposes: ['sign_in'] },
})

/** Valid policies of every shape, from a fixed seed so a failure can be replayed. */
function policies(count: number): Policy[] {
  let state = 20261206
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!
  const within = ({ min, max }: { min: number; max: number }) => min + Math.floor(next() * (max - min + 1))
  const made: Policy[] = []
  while (made.length < count) {
    const methods = SIGN_IN_METHODS.filter(() => next() < 0.6)
    const absoluteHours = within(POLICY_BOUNDS.absoluteHours)
    const parsed = policySchema.safeParse({
      methods,
      passkey: pick(PASSKEY_REQUIREMENTS),
      stepUp: { windowMinutes: within(POLICY_BOUNDS.stepUpWindowMinutes), methods: pick(STEP_UP_METHODS) },
      session: { idleMinutes: Math.min(within(POLICY_BOUNDS.idleMinutes), absoluteHours * 60), absoluteHours },
      lifetimes: { emailCodeMinutes: within(POLICY_BOUNDS.emailCodeMinutes), invitationHours: within(POLICY_BOUNDS.invitationHours) },
      recovery: { selfService: next() < 0.5, emailAlone: next() < 0.5 },
      authenticators: { synced: next() < 0.5, ...pick([{ list: 'any' }, { list: 'block', aaguids: ['ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4'] }]) },
    })
    if (parsed.success) made.push(parsed.data)
  }
  return made
}

describe('the floors of the protected groups', () => {
  it('are the seeded policies of Administrators and Break-glass, and no other group has one', () => {
    expect(floorOf('administrators')?.policy).toEqual(seeded('administrators'))
    expect(floorOf(BREAK_GLASS_GROUP)?.policy).toEqual(seeded(BREAK_GLASS_GROUP))
    for (const id of ['employees', 'contractors', 'customers', 'a-new-group']) expect(floorOf(id)).toBeNull()
    expect(floorOf('administrators')?.policy).toMatchObject({
      methods: ['passkey', 'email_code'],
      passkey: 'required',
      stepUp: { windowMinutes: 5, methods: 'passkey' },
      session: { idleMinutes: 15, absoluteHours: 12 },
      recovery: { selfService: false, emailAlone: false },
    })
    expect(floorOf(BREAK_GLASS_GROUP)?.policy).toMatchObject({ methods: ['passkey'], authenticators: { synced: false }, recovery: { selfService: false } })
  })

  it('no preset takes a protected group below its floor, from whatever policy it starts', () => {
    const starts = [DEFAULT_POLICY, LOOSEST, ...SEEDED_GROUPS.map((group) => group.policy as Policy), ...policies(40)]
    for (const groupId of PROTECTED) {
      const floor = floorOf(groupId)!.policy
      for (const preset of PRESETS) {
        for (const start of starts) {
          const { policy, kept } = presetForGroup(groupId, start, preset)
          const label = `${preset.id} on ${groupId} from ${JSON.stringify(start)}`
          expect(weakerThanFloor(floor, policy), label).toEqual([])
          // Only what the floor demanded changed from what the preset would have made, and each such setting is listed.
          const proposed = applyPreset(start, preset)
          expect(kept.map((setting) => setting.key).sort(), label).toEqual(weakerThanFloor(floor, proposed).sort())
        }
      }
    }
  })

  it('Workforce phase 3 on Administrators keeps the passkey-only step-up, and the preview says so and why', () => {
    const { policy, kept } = presetForGroup('administrators', seeded('administrators'), findPreset('workforce-3')!)
    expect(policy).toEqual(seeded('administrators'))
    expect(kept).toContainEqual({
      key: 'stepUp.methods',
      label: 'Confirming it’s you',
      kept: 'passkey only',
      instead: 'passkey or emailed code',
      why: 'Administrators never go below it',
    })
    // The bug this prevents: the preset alone lowers them.
    expect(applyPreset(seeded('administrators'), findPreset('workforce-3')!).stepUp.methods).toBe('passkey_or_email')
  })

  it('a protected group already below its floor is raised to it by the next preset, each raised setting listed', () => {
    const lowered = applyPreset(seeded('administrators'), findPreset('customers-1')!)
    expect(weakerThanFloor(floorOf('administrators')!.policy, lowered)).toEqual(
      expect.arrayContaining(['methods', 'passkey', 'stepUp.methods', 'recovery.emailAlone']),
    )
    const { policy, kept } = presetForGroup('administrators', lowered, findPreset('workforce-1')!)
    expect(policy).toEqual(seeded('administrators'))
    expect(kept.map((setting) => setting.key)).toEqual(['methods', 'passkey', 'stepUp.methods', 'recovery.emailAlone'])
  })

  it('holding the floor changes nothing that is already at least as strict, and never loosens a setting', () => {
    for (const groupId of PROTECTED) {
      const floor = floorOf(groupId)!.policy
      for (const policy of policies(200)) {
        const held = holdFloor(floor, policy)
        expect(weakerThanFloor(floor, held)).toEqual([])
        if (weakerThanFloor(floor, policy).length === 0) expect(held).toEqual(policy)
        expect(held.stepUp.windowMinutes).toBeLessThanOrEqual(policy.stepUp.windowMinutes)
        expect(held.session.idleMinutes).toBeLessThanOrEqual(policy.session.idleMinutes)
        expect(held.session.absoluteHours).toBeLessThanOrEqual(policy.session.absoluteHours)
        expect(held.lifetimes.invitationHours).toBeLessThanOrEqual(policy.lifetimes.invitationHours)
        if (!policy.recovery.selfService) expect(held.recovery.selfService).toBe(false)
        if (!policy.authenticators.synced) expect(held.authenticators.synced).toBe(false)
        expect(held.authenticators.list).toBe(policy.authenticators.list)
      }
      // A stricter Administrators policy (passkey only, device-bound, 10-minute sessions) stays as it is.
      const stricter = policySchema.parse({ ...floor, methods: ['passkey'], session: { idleMinutes: 10, absoluteHours: 2 }, authenticators: { synced: false } })
      expect(holdFloor(floor, stricter)).toEqual(stricter)
    }
  })

  it('presets on other groups are applied as they are', () => {
    for (const preset of PRESETS) {
      expect(presetForGroup('employees', seeded('employees'), preset)).toEqual({ policy: applyPreset(seeded('employees'), preset), kept: [] })
    }
  })
})
