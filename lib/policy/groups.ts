import 'server-only'
import { db } from '../db'
import { readPolicy, type Policy } from './schema'

/**
 * Groups and who is in them. Every user belongs to exactly one group (the
 * column defaults to the seeded Customers group); new accounts join the group
 * marked default. The administrators' changes to groups are in
 * ./group-changes.ts.
 */

export type GroupView = {
  id: string
  name: string
  description: string
  policy: Policy
  preset: string | null
  isDefault: boolean
  members: number
}

/** Every group's id, name and rollout phase, by name: one query on the (small) Group table. */
export async function groupNames(): Promise<{ id: string; name: string; preset: string | null }[]> {
  return db().group.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true, preset: true } })
}

/** Every group with its member count: one query for the groups, one grouped count on the User (groupId) index. */
export async function listGroups(): Promise<GroupView[]> {
  const [groups, counts] = await Promise.all([
    db().group.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true, description: true, policy: true, preset: true, isDefault: true } }),
    db().user.groupBy({ by: ['groupId'], _count: { _all: true } }),
  ])
  return groups.map((group) => ({
    ...group,
    policy: readPolicy(group.policy),
    members: counts.find((count) => count.groupId === group.id)?._count._all ?? 0,
  }))
}

export async function findGroup(id: string): Promise<GroupView | null> {
  const group = await db().group.findUnique({ where: { id }, select: { id: true, name: true, description: true, policy: true, preset: true, isDefault: true } })
  if (!group) return null
  return { ...group, policy: readPolicy(group.policy), members: await db().user.count({ where: { groupId: id } }) }
}

/** Whether every one of these ids names a group (an app open to some groups names only existing ones). */
export async function groupsExist(ids: string[]): Promise<boolean> {
  const groups = new Set((await groupNames()).map((group) => group.id))
  return ids.every((id) => groups.has(id))
}

/** The group new accounts join. */
export async function defaultGroupId(): Promise<string> {
  const group = await db().group.findFirst({ where: { isDefault: true }, select: { id: true } })
  return group?.id ?? 'customers'
}

export type MovedMember = { id: string; email: string; from: string }

/**
 * Moves the accounts with these addresses into a group, in the caller's
 * transaction. Their sessions follow the new group's policy from their next
 * request. Returns who moved (and from where) and the addresses that name no
 * account; null when the group does not exist.
 */
export async function moveMembers(
  emails: string[],
  groupId: string,
  tx: Pick<ReturnType<typeof db>, 'group' | 'user'>,
): Promise<{ moved: MovedMember[]; unknown: string[] } | null> {
  if (!(await tx.group.findUnique({ where: { id: groupId }, select: { id: true } }))) return null
  const users = await tx.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true, groupId: true } })
  const moving = users.filter((user) => user.groupId !== groupId)
  if (moving.length > 0) await tx.user.updateMany({ where: { id: { in: moving.map((user) => user.id) } }, data: { groupId } })
  const found = new Set(users.map((user) => user.email))
  return {
    moved: moving.map((user) => ({ id: user.id, email: user.email, from: user.groupId })),
    unknown: emails.filter((email) => !found.has(email)),
  }
}

export type PersonFacts = {
  id: string
  email: string
  displayName: string | null
  role: string
  status: string
  group: { id: string; name: string }
  policy: Policy
  passkeys: number
  syncedPasskeys: number
  hasRecoveryCodes: boolean
  hasTotp: boolean
}

/** What the "what happens to this person" preview needs to know about one account. */
export async function personFacts(email: string): Promise<PersonFacts | null> {
  const user = await db().user.findUnique({
    where: { email },
    select: {
      id: true,
      email: true,
      displayName: true,
      role: true,
      status: true,
      group: { select: { id: true, name: true, policy: true } },
      totpFactor: { select: { confirmedAt: true } },
    },
  })
  if (!user) return null
  const [passkeys, syncedPasskeys, codes] = await Promise.all([
    db().passkey.count({ where: { userId: user.id } }),
    db().passkey.count({ where: { userId: user.id, backupEligible: true } }),
    db().recoveryCode.count({ where: { userId: user.id, usedAt: null } }),
  ])
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    status: user.status,
    group: { id: user.group.id, name: user.group.name },
    policy: readPolicy(user.group.policy),
    passkeys,
    syncedPasskeys,
    hasRecoveryCodes: codes > 0,
    hasTotp: Boolean(user.totpFactor?.confirmedAt),
  }
}
