import 'server-only'
import { db } from '../db'
import { sendAppLogouts } from '../oidc/app-sessions'
import { revokeGrantsOutsideAllowedGroups } from '../oidc/grants'
import { moveMembers, type MovedMember } from '../policy/groups'
import type { UseCaseContext } from '../use-case'
import type { Administrator } from './lifecycle'
import { personEmail } from './person'

/**
 * Moves accounts into a group and writes the move into each moved person's
 * history, with who moved them, in one transaction. Apps not open to the new
 * group lose their grants, and are told by back-channel logout once it has
 * committed. Null when the group does not exist.
 */
async function moveToGroup(emails: string[], groupId: string, admin: Administrator, ctx: UseCaseContext) {
  const outcome = await db().$transaction(
    async (tx) => {
      const result = await moveMembers(emails, groupId, tx)
      if (!result) return null
      const userIds = result.moved.map((member) => member.id)
      const { logouts } = userIds.length > 0 ? await revokeGrantsOutsideAllowedGroups({ userIds }, tx) : { logouts: [] }
      for (const member of result.moved) {
        const detail = { from: member.from, to: groupId, by: admin.user.email }
        await ctx.audit({ type: 'group_members_moved', result: 'success', userId: member.id, sessionId: null, detail }, tx)
      }
      return { ...result, logouts }
    },
    // Up to 1,000 people at once, each with a history row.
    { timeout: 60_000 },
  )
  if (!outcome) return null
  sendAppLogouts(outcome.logouts)
  return { moved: outcome.moved, unknown: outcome.unknown }
}

/** Moves one person (from their page) into a group; `moved` is false when they were in it already. */
export async function movePersonToGroup(
  input: { userId: string; groupId: string },
  admin: Administrator,
  ctx: UseCaseContext,
): Promise<{ ok: true; moved: boolean } | { ok: false; reason: 'person_not_found' | 'group_not_found' }> {
  const email = await personEmail(input.userId)
  if (!email) return { ok: false, reason: 'person_not_found' }
  const result = await moveToGroup([email], input.groupId, admin, ctx)
  if (!result) return { ok: false, reason: 'group_not_found' }
  return { ok: true, moved: result.moved.length > 0 }
}

/** Moves the accounts with these addresses into a group (up to 1,000); says who moved and which addresses name no account. */
export async function moveMembersToGroup(
  input: { emails: string[]; groupId: string },
  admin: Administrator,
  ctx: UseCaseContext,
): Promise<{ ok: true; moved: MovedMember[]; unknown: string[] } | { ok: false; reason: 'group_not_found' }> {
  const result = await moveToGroup(input.emails, input.groupId, admin, ctx)
  if (!result) return { ok: false, reason: 'group_not_found' }
  return { ok: true, ...result }
}
