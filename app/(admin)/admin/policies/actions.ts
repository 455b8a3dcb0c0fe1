'use server'

import { revalidatePath } from 'next/cache'
import { getTranslations } from 'next-intl/server'
import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { normalizeEmailAddress } from '@/lib/email/address'
import { requestTranslator } from '@/lib/i18n/reader'
import { presetWords } from '@/lib/policy/explain'
import { policyFields, policyFormSchema } from '@/lib/policy/form'
import { moveMembersToGroup } from '@/lib/admin/group-moves'
import { applyGroupPreset, createGroup, renameGroup, saveGroupPolicy, setDefaultGroup } from '@/lib/policy/group-changes'
import { actionError, type ActionState } from '@/lib/web/action-state'
import { shownNameField } from '@/lib/web/form-fields'

// Every change here is an administrator's, with a fresh confirmation (the admin-recently-verified guard), and is
// audited by the use case, in the change's own transaction.
const PAGE = '/admin/policies'

/** The outcomes' words, in the administrator's language. */
const words = () => getTranslations('admin.policies.done')

export type PolicyFormState = ActionState<keyof typeof policyFields>
export type GroupFormState = ActionState<'name' | 'description'>
export type MoveState = ActionState<'emails'>
export type PresetState = ActionState

const groupId = z.string({ error: 'group_not_found' }).min(1, 'group_not_found').max(64, 'group_not_found')
const groupName = shownNameField(1, 60, 'group_name')
const description = z
  .string({ error: 'group_description' })
  .max(300, 'group_description')
  .transform((value) => value.trim())

/** Saves a group's policy as edited; it applies from the next request of each of its members. */
export const savePolicyAction = defineAction(
  { guard: 'admin-recently-verified', page: PAGE, fields: { groupId: {}, ...policyFields }, schema: policyFormSchema({ groupId }), invalid: 'group_not_found' },
  async ({ data, ctx }): Promise<PolicyFormState> => {
    const saved = await saveGroupPolicy(data, ctx)
    if (!saved.ok) return actionError(saved.reason, saved.reason === 'policy_no_metadata' ? { field: 'policy.authenticators.verified' } : {})
    revalidatePath(PAGE, 'layout')
    const t = await words()
    return { status: 'success', message: saved.changes === 0 ? t('nothingChanged') : t('saved', { count: saved.changes }) }
  },
)

/** Applies a rollout preset to a group in one step; the history records the phase or tier by name. */
export const applyPresetAction = defineAction(
  { guard: 'admin-recently-verified', page: PAGE, fields: { groupId: {}, presetId: {} }, schema: z.object({ groupId, presetId: z.string().max(64) }) },
  async ({ data, ctx }): Promise<PresetState> => {
    const applied = await applyGroupPreset(data, ctx)
    if (!applied.ok) return actionError(applied.reason)
    revalidatePath(PAGE, 'layout')
    const t = await words()
    const preset = presetWords({ id: applied.presetId }, await requestTranslator()).name
    return {
      status: 'success',
      message:
        applied.kept === 0 ? t('presetApplied', { group: applied.group, preset }) : t('presetKept', { group: applied.group, preset, kept: applied.kept }),
    }
  },
)

/** A new group, starting from the portal's default policy. */
export const createGroupAction = defineAction(
  {
    guard: 'admin-recently-verified',
    page: PAGE,
    fields: { name: { error: 'group_name', echo: 200 }, description: { error: 'group_description', echo: 400 } },
    schema: z.object({ name: groupName, description }),
  },
  async ({ data, typed, ctx }): Promise<GroupFormState> => {
    const created = await createGroup(data, ctx)
    if (!created.ok) return actionError(created.reason, { field: 'name', values: typed })
    revalidatePath(PAGE)
    return { status: 'success', message: (await words())('created', { name: data.name }) }
  },
)

export const renameGroupAction = defineAction(
  {
    guard: 'admin-recently-verified',
    page: PAGE,
    fields: { groupId: {}, name: { error: 'group_name', echo: 200 }, description: { error: 'group_description', echo: 400 } },
    schema: z.object({ groupId, name: groupName, description }),
    invalid: 'group_not_found',
  },
  async ({ data, typed, ctx }): Promise<GroupFormState> => {
    const renamed = await renameGroup(data, ctx)
    if (!renamed.ok && renamed.reason === 'group_name') return actionError('group_name', { field: 'name', values: typed })
    if (!renamed.ok) return actionError(renamed.reason)
    revalidatePath(PAGE, 'layout')
    return { status: 'success', message: (await words())('renamed') }
  },
)

/** Makes a group the one new accounts join. */
export const setDefaultGroupAction = defineAction(
  { guard: 'admin-recently-verified', page: PAGE, fields: { groupId: {} }, schema: z.object({ groupId }), invalid: 'group_not_found' },
  async ({ data, ctx }): Promise<PresetState> => {
    const changed = await setDefaultGroup(data, ctx)
    if (!changed.ok) return actionError(changed.reason)
    revalidatePath(PAGE, 'layout')
    return { status: 'success', message: (await words())('defaultSet') }
  },
)

const MAX_MOVE = 1000

/** The addresses of a bulk move, one per line (or separated by commas); each must be an address. */
const emailList = z
  .string({ error: 'group_move_none' })
  .max(MAX_MOVE * 320, 'group_move_none')
  .transform((value, ctx) => {
    const emails = new Set<string>()
    for (const line of value.split(/[\s,;]+/).filter(Boolean)) {
      const parsed = normalizeEmailAddress(line)
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.error })
        return z.NEVER
      }
      emails.add(parsed.email)
    }
    return [...emails]
  })
  .pipe(z.array(z.string()).min(1, 'group_move_none').max(MAX_MOVE, 'group_move_none'))

/** Moves one account or many into a group; each moved person's history records the move. */
export const moveMembersAction = defineAction(
  {
    guard: 'admin-recently-verified',
    page: PAGE,
    fields: { groupId: {}, emails: { error: 'group_move_none', echo: 20_000 } },
    schema: z.object({ groupId, emails: emailList }),
    invalid: 'group_not_found',
  },
  async ({ data, session, ctx }): Promise<MoveState> => {
    const result = await moveMembersToGroup(data, session, ctx)
    if (!result.ok) return actionError(result.reason)
    revalidatePath(PAGE, 'layout')
    const t = await words()
    const count = result.moved.length
    const unknown = result.unknown.slice(0, 5).join(', ')
    return {
      status: 'success',
      message:
        result.unknown.length === 0
          ? t('moved', { count })
          : result.unknown.length > 5
            ? t('movedUnknownMore', { count, unknown })
            : t('movedUnknown', { count, unknown }),
    }
  },
)
