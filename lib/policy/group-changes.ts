import 'server-only'
import type { Audit } from '../audit/record'
import { metadataLoaded } from '../authenticators/overview'
import { db } from '../db'
import type { UseCaseContext } from '../use-case'
import { policyChanges } from './explain'
import { floorOf, presetForGroup, weakerThanFloor } from './floors'
import { findGroup } from './groups'
import { findPreset, type PresetId } from './presets'
import { DEFAULT_POLICY, readPolicy, type Policy } from './schema'

/**
 * An administrator's changes to groups: a policy edited or a preset applied,
 * a group created, renamed or made the default. Each is written with its
 * history row in one transaction (ADR 20); a policy applies from the next
 * request of each member.
 */

type Stored =
  { ok: true; before: Policy } | { ok: false; reason: 'group_not_found' | 'policy_no_metadata' } | { ok: false; reason: 'policy_below_floor'; weaker: string[] }

/**
 * Stores a group's policy (already validated) and the preset it came from, if
 * any. The one gate of the protected groups' floors (./floors.ts): an edit
 * and a preset both save through here, and a policy weaker than its group's
 * floor is refused, whichever way it came. The history row lists the settings
 * that changed, before and after, and those a preset kept at the floor.
 */
async function storePolicy(id: string, policy: Policy, preset: { id: string; name: string; kept: string[] } | null, audit: Audit): Promise<Stored> {
  const floor = floorOf(id)
  const weaker = floor ? weakerThanFloor(floor.policy, policy) : []
  if (weaker.length > 0) return { ok: false, reason: 'policy_below_floor', weaker }
  // Without metadata no model can be verified: the group could add no passkey at all.
  if (policy.authenticators.verified && !(await metadataLoaded())) return { ok: false, reason: 'policy_no_metadata' }
  return db().$transaction(async (tx) => {
    const current = await tx.group.findUnique({ where: { id }, select: { policy: true } })
    if (!current) return { ok: false, reason: 'group_not_found' } as const
    await tx.group.update({ where: { id }, data: { policy: JSON.stringify(policy), preset: preset?.id ?? null }, select: { id: true } })
    const before = readPolicy(current.policy)
    const changes = JSON.stringify(policyChanges(before, policy).map(({ key, before, after }) => ({ key, before, after })))
    const detail: Record<string, string> = { groupId: id, changes }
    if (preset) Object.assign(detail, { preset: preset.id, phase: preset.name }, preset.kept.length ? { kept: preset.kept.join(',') } : {})
    await audit({ type: 'group_policy_changed', result: 'success', detail }, tx)
    return { ok: true, before } as const
  })
}

/** Saves a group's policy as edited; says how many settings changed. */
export async function saveGroupPolicy(
  input: { groupId: string; policy: Policy },
  ctx: UseCaseContext,
): Promise<{ ok: true; changes: number } | { ok: false; reason: 'group_not_found' | 'policy_below_floor' | 'policy_no_metadata' }> {
  const saved = await storePolicy(input.groupId, input.policy, null, ctx.audit)
  if (!saved.ok && saved.reason === 'policy_below_floor') {
    // Lowering a protected group is what a stolen administrator session would try first: recorded, not just refused.
    await ctx.audit({
      type: 'group_policy_changed',
      result: 'failure',
      reason: 'policy_below_floor',
      detail: { groupId: input.groupId, weaker: saved.weaker.join(',') },
    })
    return { ok: false, reason: 'policy_below_floor' }
  }
  if (!saved.ok) return saved
  return { ok: true, changes: policyChanges(saved.before, input.policy).length }
}

/** Applies a rollout preset to a group in one step, a protected group's settings kept at its floor; the history names the phase (in English, `preset`). */
export async function applyGroupPreset(
  input: { groupId: string; presetId: string },
  ctx: UseCaseContext,
): Promise<
  | { ok: true; group: string; preset: string; presetId: PresetId; kept: number }
  | { ok: false; reason: 'preset_not_found' | 'group_not_found' | 'policy_below_floor' | 'policy_no_metadata' }
> {
  const preset = findPreset(input.presetId)
  if (!preset) return { ok: false, reason: 'preset_not_found' }
  const group = await findGroup(input.groupId)
  if (!group) return { ok: false, reason: 'group_not_found' }
  const { policy, kept } = presetForGroup(group.id, group.policy, preset)
  const saved = await storePolicy(group.id, policy, { id: preset.id, name: preset.name, kept: kept.map((setting) => setting.key) }, ctx.audit)
  if (!saved.ok) return { ok: false, reason: saved.reason }
  return { ok: true, group: group.name, preset: preset.name, presetId: preset.id, kept: kept.length }
}

const nameTaken = (error: unknown) => (error as { code?: string }).code === 'P2002'

/** A new group, starting from the portal's default policy. */
export async function createGroup(
  input: { name: string; description: string },
  ctx: UseCaseContext,
): Promise<{ ok: true; id: string } | { ok: false; reason: 'group_name' }> {
  try {
    return await db().$transaction(async (tx) => {
      const data = { name: input.name, description: input.description, policy: JSON.stringify(DEFAULT_POLICY) }
      const group = await tx.group.create({ data, select: { id: true } })
      await ctx.audit({ type: 'group_created', result: 'success', detail: { groupId: group.id, name: input.name } }, tx)
      return { ok: true, id: group.id } as const
    })
  } catch (error) {
    if (nameTaken(error)) return { ok: false, reason: 'group_name' }
    throw error
  }
}

/** A group's new name and description; names stay unique. */
export async function renameGroup(
  input: { groupId: string; name: string; description: string },
  ctx: UseCaseContext,
): Promise<{ ok: true } | { ok: false; reason: 'group_name' | 'group_not_found' }> {
  try {
    return await db().$transaction(async (tx) => {
      const { count } = await tx.group.updateMany({ where: { id: input.groupId }, data: { name: input.name, description: input.description } })
      if (count !== 1) return { ok: false, reason: 'group_not_found' } as const
      await ctx.audit({ type: 'group_renamed', result: 'success', detail: { groupId: input.groupId, name: input.name } }, tx)
      return { ok: true } as const
    })
  } catch (error) {
    if (nameTaken(error)) return { ok: false, reason: 'group_name' }
    throw error
  }
}

/** Makes a group the one new accounts join; says which group was the default. */
export async function setDefaultGroup(
  input: { groupId: string },
  ctx: UseCaseContext,
): Promise<{ ok: true; previous: string | null } | { ok: false; reason: 'group_not_found' }> {
  const id = input.groupId
  return db().$transaction(async (tx) => {
    if (!(await tx.group.findUnique({ where: { id }, select: { id: true } }))) return { ok: false, reason: 'group_not_found' } as const
    const previous = (await tx.group.findFirst({ where: { isDefault: true }, select: { id: true } }))?.id ?? null
    await tx.group.updateMany({ where: { isDefault: true }, data: { isDefault: false } })
    await tx.group.update({ where: { id }, data: { isDefault: true }, select: { id: true } })
    await ctx.audit({ type: 'group_default_changed', result: 'success', detail: { groupId: id, previous } }, tx)
    return { ok: true, previous } as const
  })
}
