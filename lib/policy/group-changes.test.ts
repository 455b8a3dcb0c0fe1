import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { db } from '../db'
import { floorOf, weakerThanFloor } from './floors'
import { applyGroupPreset, createGroup, renameGroup, saveGroupPolicy, setDefaultGroup } from './group-changes'
import { BREAK_GLASS_GROUP } from './presets'
import { DEFAULT_POLICY, POLICY_BOUNDS, SIGN_IN_METHODS, policySchema, readPolicy } from './schema'

/**
 * An administrator's changes to groups, each with its history row; the
 * protected groups' floors (ADR 13) are held on every save.
 */

const unique = () => Math.random().toString(36).slice(2, 10)
const PROTECTED = ['administrators', BREAK_GLASS_GROUP] as const

/** Every method, no passkey asked for, the longest windows, every recovery. */
const LOOSEST = policySchema.parse({
  methods: [...SIGN_IN_METHODS],
  passkey: 'optional',
  stepUp: { windowMinutes: POLICY_BOUNDS.stepUpWindowMinutes.max, methods: 'passkey_or_email' },
  session: { idleMinutes: POLICY_BOUNDS.idleMinutes.max, absoluteHours: POLICY_BOUNDS.absoluteHours.max },
  lifetimes: { emailCodeMinutes: POLICY_BOUNDS.emailCodeMinutes.max, invitationHours: POLICY_BOUNDS.invitationHours.max },
  recovery: { selfService: true, emailAlone: true },
  authenticators: { synced: true, list: 'any', aaguids: [] },
})

async function administrator() {
  const user = await db().user.create({ data: { email: `admin-${unique()}@example.com`, role: 'admin', groupId: 'administrators' }, select: { id: true } })
  return { user, sessionId: `admin-session-${unique()}` }
}

const stored = (id: string) =>
  db().group.findUniqueOrThrow({ where: { id }, select: { name: true, description: true, policy: true, preset: true, isDefault: true } })
const rowsOf = (type: string, actorId: string) =>
  db().auditEvent.findMany({ where: { type, userId: actorId }, select: { result: true, reason: true, sessionId: true, detail: true } })

describe('saving a group’s policy', () => {
  it('refuses anything below a protected group’s floor, changes nothing, and records the attempt', async () => {
    const admin = await administrator()
    const ctx = testContext({ caller: admin })
    for (const groupId of PROTECTED) {
      const before = await stored(groupId)
      const floor = floorOf(groupId)!.policy
      const emailStepUp = policySchema.parse({ ...floor, stepUp: { ...floor.stepUp, methods: 'passkey_or_email' } })
      expect(await saveGroupPolicy({ groupId, policy: emailStepUp }, ctx)).toEqual({ ok: false, reason: 'policy_below_floor' })
      expect(await saveGroupPolicy({ groupId, policy: LOOSEST }, ctx)).toEqual({ ok: false, reason: 'policy_below_floor' })
      expect(await stored(groupId)).toEqual(before)
    }
    const refusals = await rowsOf('group_policy_changed', admin.user.id)
    expect(refusals).toHaveLength(4)
    expect(refusals.every((row) => row.result === 'failure' && row.reason === 'policy_below_floor' && row.sessionId === admin.sessionId)).toBe(true)
    expect(refusals.map((row) => JSON.parse(row.detail!))).toContainEqual({ groupId: 'administrators', weaker: 'stepUp.methods' })
  })

  it('takes a stricter policy for a protected group and any policy for another, and records what changed', async () => {
    const admin = await administrator()
    const ctx = testContext({ caller: admin })
    const floor = floorOf('administrators')!.policy
    const stricter = policySchema.parse({ ...floor, session: { idleMinutes: 10, absoluteHours: 8 } })

    expect(await saveGroupPolicy({ groupId: 'administrators', policy: stricter }, ctx)).toEqual({ ok: true, changes: 2 })
    expect(readPolicy((await stored('administrators')).policy)).toEqual(stricter)
    expect(await saveGroupPolicy({ groupId: 'administrators', policy: stricter }, ctx)).toEqual({ ok: true, changes: 0 })
    expect(await saveGroupPolicy({ groupId: 'employees', policy: LOOSEST }, ctx)).toMatchObject({ ok: true })
    expect(await saveGroupPolicy({ groupId: 'no-such-group', policy: DEFAULT_POLICY }, ctx)).toEqual({ ok: false, reason: 'group_not_found' })

    const saved = (await rowsOf('group_policy_changed', admin.user.id)).map((row) => ({ result: row.result, ...JSON.parse(row.detail!) }))
    expect(saved.every((row) => row.result === 'success')).toBe(true)
    const changed = saved
      .filter((row) => row.groupId === 'administrators')
      .map((row) => (JSON.parse(row.changes) as { key: string }[]).map((change) => change.key))
    expect(changed).toEqual(expect.arrayContaining([['session.idleMinutes', 'session.absoluteHours'], []]))
  })
})

describe('applying a preset', () => {
  it('keeps a protected group at its floor, names the phase in the history, and refuses an unknown preset or group', async () => {
    const admin = await administrator()
    const ctx = testContext({ caller: admin })
    const outcome = await applyGroupPreset({ groupId: BREAK_GLASS_GROUP, presetId: 'customers-1' }, ctx)
    expect(outcome).toMatchObject({ ok: true, group: 'Break-glass', preset: expect.any(String) })
    expect(outcome.ok && outcome.kept).toBeGreaterThan(0)
    const saved = await stored(BREAK_GLASS_GROUP)
    expect(saved.preset).toBe('customers-1')
    expect(weakerThanFloor(floorOf(BREAK_GLASS_GROUP)!.policy, readPolicy(saved.policy))).toEqual([])
    const [row] = await rowsOf('group_policy_changed', admin.user.id)
    expect(JSON.parse(row!.detail!)).toMatchObject({ groupId: BREAK_GLASS_GROUP, preset: 'customers-1', kept: expect.any(String) })

    expect(await applyGroupPreset({ groupId: 'employees', presetId: 'workforce-2' }, ctx)).toMatchObject({ ok: true, kept: 0 })
    expect(await applyGroupPreset({ groupId: 'employees', presetId: 'no-such-preset' }, ctx)).toEqual({ ok: false, reason: 'preset_not_found' })
    expect(await applyGroupPreset({ groupId: 'no-such-group', presetId: 'workforce-2' }, ctx)).toEqual({ ok: false, reason: 'group_not_found' })
  })
})

describe('creating, renaming and choosing the default group', () => {
  it('refuses verified authenticators only until FIDO metadata is loaded: the group could add no passkey', async () => {
    const admin = await administrator()
    const ctx = testContext({ caller: admin })
    const verified = policySchema.parse({ authenticators: { verified: true } })
    const before = await stored('contractors')
    expect(await saveGroupPolicy({ groupId: 'contractors', policy: verified }, ctx)).toEqual({ ok: false, reason: 'policy_no_metadata' })
    expect(await stored('contractors')).toEqual(before)
    const now = new Date()
    await db().authenticatorMetadata.create({ data: { id: 'mds', blobNo: 3, nextUpdate: now, loadedAt: now, lastAttemptAt: now } })
    expect(await saveGroupPolicy({ groupId: 'contractors', policy: verified }, ctx)).toMatchObject({ ok: true })
  })

  it('creates a group with the default policy, once per name', async () => {
    const admin = await administrator()
    const ctx = testContext({ caller: admin })
    const name = `Group ${unique()}`
    const created = await createGroup({ name, description: 'Field staff' }, ctx)
    expect(created).toEqual({ ok: true, id: expect.any(String) })
    const group = await stored(created.ok ? created.id : '')
    expect(group).toMatchObject({ name, description: 'Field staff', isDefault: false })
    expect(readPolicy(group.policy)).toEqual(DEFAULT_POLICY)
    expect(await createGroup({ name, description: '' }, ctx)).toEqual({ ok: false, reason: 'group_name' })
    const rows = await rowsOf('group_created', admin.user.id)
    expect(rows.map((row) => JSON.parse(row.detail!))).toEqual([{ groupId: created.ok && created.id, name }])
  })

  it('renames a group; a name in use or an unknown group is refused', async () => {
    const admin = await administrator()
    const ctx = testContext({ caller: admin })
    const created = await createGroup({ name: `Group ${unique()}`, description: '' }, ctx)
    const groupId = created.ok ? created.id : ''
    const name = `Renamed ${unique()}`

    expect(await renameGroup({ groupId, name, description: 'New words' }, ctx)).toEqual({ ok: true })
    expect(await stored(groupId)).toMatchObject({ name, description: 'New words' })
    expect(await renameGroup({ groupId, name: 'Employees', description: '' }, ctx)).toEqual({ ok: false, reason: 'group_name' })
    expect(await renameGroup({ groupId: 'no-such-group', name: `Other ${unique()}`, description: '' }, ctx)).toEqual({
      ok: false,
      reason: 'group_not_found',
    })
    expect((await rowsOf('group_renamed', admin.user.id)).map((row) => JSON.parse(row.detail!))).toEqual([{ groupId, name }])
  })

  it('makes a group the default, leaving exactly one, and says which was before', async () => {
    const admin = await administrator()
    const ctx = testContext({ caller: admin })
    const before = (await db().group.findFirstOrThrow({ where: { isDefault: true }, select: { id: true } })).id
    const next = before === 'employees' ? 'contractors' : 'employees'

    expect(await setDefaultGroup({ groupId: next }, ctx)).toEqual({ ok: true, previous: before })
    expect(await db().group.findMany({ where: { isDefault: true }, select: { id: true } })).toEqual([{ id: next }])
    expect(await setDefaultGroup({ groupId: 'no-such-group' }, ctx)).toEqual({ ok: false, reason: 'group_not_found' })
    expect((await rowsOf('group_default_changed', admin.user.id)).map((row) => JSON.parse(row.detail!))).toEqual([{ groupId: next, previous: before }])
  })
})
