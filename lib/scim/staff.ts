import 'server-only'
import { env } from '../env'
import { BREAK_GLASS_GROUP } from '../policy/presets'

/**
 * Whom a directory may change (ADR 16). Ordinary accounts are what SCIM is
 * for. The portal's staff (helpdesk agents and administrators) are not: a
 * leaked token must not suspend the people who would respond to it, nor
 * move them to a weaker sign-in policy, unless SCIM_MANAGES_STAFF says the
 * directory is trusted with them. The break-glass account (ADR 14), and its
 * group, are never the directory's: they are the way in when everything
 * else, the directory included, has failed.
 */

export type ScimRefusalReason = 'scim_staff_account' | 'scim_break_glass_account'

/** What a refused change was, for its history row. */
export type ScimChangeKind = 'update' | 'deprovision' | 'group_move'

const DETAIL: Record<ScimRefusalReason, string> = {
  scim_staff_account: 'Administrators and helpdesk agents are managed in the portal.',
  scim_break_glass_account: 'The break-glass account and its group are managed in the portal.',
}

/** A change SCIM may not make: the whole request is rolled back, answered 403 and recorded (lib/scim/change.ts). */
export class ScimRefusal extends Error {
  constructor(
    readonly reason: ScimRefusalReason,
    readonly userId: string,
    readonly change: ScimChangeKind,
  ) {
    super(DETAIL[reason])
    this.name = 'ScimRefusal'
  }
}

/** Any role but "user" is staff, so a role added later is refused until someone decides otherwise. */
function refusalFor(account: { role: string; groupId: string }): ScimRefusalReason | null {
  if (account.groupId === BREAK_GLASS_GROUP) return 'scim_break_glass_account'
  if (account.role !== 'user' && !env().scimManagesStaff) return 'scim_staff_account'
  return null
}

/** Throws a ScimRefusal unless SCIM may change this account. */
export function refuseUnlessScimMayChange(account: { id: string; role: string; groupId: string }, change: ScimChangeKind): void {
  const reason = refusalFor(account)
  if (reason) throw new ScimRefusal(reason, account.id, change)
}

/** Throws a ScimRefusal when a group move would put someone into the break-glass group. */
export function refuseMoveInto(groupId: string, account: { id: string }): void {
  if (groupId === BREAK_GLASS_GROUP) throw new ScimRefusal('scim_break_glass_account', account.id, 'group_move')
}
