import 'server-only'
import { db } from '../db'
import { groupsExist } from '../policy/groups'
import type { UseCaseContext } from '../use-case'
import { sendAppLogouts } from './app-sessions'
import { revokeGrantsOutsideAllowedGroups } from './grants'

export type AppGroupsOutcome = { ok: true; name: string; revokedPeople: number } | { ok: false; reason: 'app_not_found' | 'app_groups' }

/**
 * Changes who may use an app (its allowed groups, each of which must exist;
 * none is everyone). People whose group is no longer among them lose the
 * app's grants and every token, refresh tokens included, in the same
 * transaction as the change and its history row; the app gets their logout
 * tokens once it has committed.
 */
export async function changeAppGroups(input: { clientId: string; allowedGroups: string[] }, ctx: UseCaseContext): Promise<AppGroupsOutcome> {
  const { clientId, allowedGroups } = input
  if (!(await groupsExist(allowedGroups))) return { ok: false, reason: 'app_groups' }
  const outcome = await db().$transaction(async (tx) => {
    const { count } = await tx.oidcApp.updateMany({ where: { id: clientId, disabledAt: null }, data: { allowedGroups: JSON.stringify(allowedGroups) } })
    if (count !== 1) return null
    const app = await tx.oidcApp.findUniqueOrThrow({ where: { id: clientId }, select: { name: true } })
    const revoked = await revokeGrantsOutsideAllowedGroups({ clientId }, tx)
    const detail = { clientId, name: app.name, groups: allowedGroups.join(','), revokedPeople: revoked.people }
    await ctx.audit({ type: 'app_groups_changed', result: 'success', userId: null, detail }, tx)
    return { name: app.name, ...revoked }
  })
  if (!outcome) return { ok: false, reason: 'app_not_found' }
  sendAppLogouts(outcome.logouts)
  return { ok: true, name: outcome.name, revokedPeople: outcome.people }
}
