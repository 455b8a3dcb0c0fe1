import 'server-only'
import { sendAppLogouts } from '../oidc/app-sessions'
import { revokeGrantsOutsideAllowedGroups } from '../oidc/grants'
import { defaultGroupId } from '../policy/groups'
import { scimActor, scimChange, type ScimCall } from './change'
import { findScimGroup, listScimGroups, membersOf, moveScimMembers } from './people'
import { SCIMMY, scimFailure, equalityFilter, listParameters, listResponse, scimBase, shapeParameters } from './protocol'
import { refuseMoveInto, refuseUnlessScimMayChange } from './staff'

/**
 * SCIM Groups are the portal's policy groups (lib/policy): listed and read
 * here, created, renamed and deleted in the portal. Membership is written
 * with PATCH add/remove (RFC 7644 §3.5.2), which moves people between policy
 * groups; removing someone from a group moves them to the default group.
 * Who may be moved is decided in lib/scim/staff.ts.
 * Members are not listed in responses: a group of 100,000 would be one
 * answer of 100,000 entries; a person's group is in their User's `groups`.
 */

const FILTER_KEYS = { displayName: 'displayName', id: 'id' } as const

const shape = (group: { id: string; name: string; createdAt: Date }, attributes?: InstanceType<typeof SCIMMY.Types.Filter>) =>
  new SCIMMY.Schemas.Group(
    { id: group.id, displayName: group.name, meta: { created: group.createdAt, lastModified: group.createdAt } },
    'out',
    `${scimBase()}/Groups`,
    attributes,
  )

export async function listGroups(url: URL) {
  scimBase()
  const { startIndex, count, filter, attributes } = listParameters(url, SCIMMY.Resources.Group)
  const wanted = equalityFilter(filter, FILTER_KEYS)
  const groups = (await listScimGroups()).filter((group) => !wanted || (wanted.key === 'id' ? group.id === wanted.value : group.name === wanted.value))
  return listResponse(
    groups.slice(startIndex - 1, startIndex - 1 + count).map((group) => shape(group, attributes)),
    { startIndex, total: groups.length },
  )
}

export async function readGroup(id: string, url: URL) {
  scimBase()
  const group = await findScimGroup(id)
  if (!group) throw scimFailure(404, `Resource ${id} not found`)
  const { attributes } = new SCIMMY.Resources.Group(id, shapeParameters(url))
  return shape(group, attributes)
}

const MEMBER_PATH = /^members\[value eq "([^"]{1,64})"\]$/i

function memberIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value && typeof value === 'object' && 'members' in value ? (value as { members: unknown }).members : null
  if (!Array.isArray(list) || list.length === 0 || list.length > 1000)
    throw scimFailure(400, 'Give 1 to 1,000 members as [{ "value": "<user id>" }].', 'invalidValue')
  return list.map((member) => {
    const id = member && typeof member === 'object' ? (member as { value?: unknown }).value : undefined
    if (typeof id !== 'string' || id.length === 0 || id.length > 64) throw scimFailure(400, 'Each member is { "value": "<user id>" }.', 'invalidValue')
    return id
  })
}

type Move = { op: 'add' | 'remove'; ids: string[] }

/** The Operations as moves, every one checked before anything is read or written. */
function movesOf(body: unknown): Move[] {
  const message = new SCIMMY.Messages.PatchOp(body as ConstructorParameters<typeof SCIMMY.Messages.PatchOp>[0])
  return message.Operations.map((operation): Move => {
    const op = String(operation.op).toLowerCase()
    const path = typeof operation.path === 'string' ? operation.path.trim() : undefined
    const single = path ? MEMBER_PATH.exec(path) : null
    if (op === 'add' && (path === undefined || path.toLowerCase() === 'members')) return { op: 'add', ids: memberIds(operation.value) }
    if (op === 'remove' && single) return { op: 'remove', ids: [single[1]!] }
    if (op === 'remove' && path?.toLowerCase() === 'members' && operation.value !== undefined) return { op: 'remove', ids: memberIds(operation.value) }
    throw scimFailure(400, 'Members are changed with add or remove; groups are renamed in the portal.', 'invalidPath')
  })
}

/**
 * PATCH /Groups/{id}: add moves people into the group (the default group
 * too), remove moves its members to the default group. All Operations apply
 * in one transaction, in order, or none do (RFC 7644 §3.5.2). Each answers
 * 204 only if afterwards the membership is what it asked: removing someone
 * who is not a member already is; removing someone from the default group
 * cannot be (everyone is in a group, and removal leads there), so it is
 * refused with 400 mutability (§3.12) rather than answered as done.
 */
export async function patchGroup(id: string, body: unknown, call: ScimCall): Promise<void> {
  scimBase()
  const group = await findScimGroup(id)
  if (!group) throw scimFailure(404, `Resource ${id} not found`)
  const moves = movesOf(body)
  const fallback = await defaultGroupId()
  const logouts = await scimChange(call, async (tx, audit) => {
    const moved = new Set<string>()
    for (const move of moves) {
      const { members, unknown } = await membersOf(tx, move.ids)
      if (unknown.length > 0) throw scimFailure(400, `No user with id ${unknown[0]!.slice(0, 64)}.`, 'invalidValue')
      const to = move.op === 'add' ? id : fallback
      // Only the group's own members leave it: removing anyone else is already done.
      const leaving = move.op === 'remove' ? members.filter((member) => member.groupId === id) : []
      if (move.op === 'remove' && id === fallback && leaving.length > 0) {
        throw scimFailure(400, 'Everyone belongs to a group, and removal leads to the default group: add the person to another group instead.', 'mutability')
      }
      const changing = (move.op === 'add' ? members : leaving).filter((member) => member.groupId !== to)
      for (const member of changing) {
        refuseUnlessScimMayChange(member, 'group_move')
        refuseMoveInto(to, member)
      }
      await moveScimMembers(
        tx,
        changing.map((member) => member.id),
        to,
      )
      for (const member of changing) {
        moved.add(member.id)
        await audit({
          type: 'group_members_moved',
          result: 'success',
          userId: member.id,
          sessionId: null,
          detail: { from: member.groupId, to, by: scimActor(call) },
        })
      }
    }
    // Apps no longer open to someone's new group lose their grants in the same transaction (lib/oidc/grants.ts).
    return (await revokeGrantsOutsideAllowedGroups({ userIds: [...moved] }, tx)).logouts
  })
  sendAppLogouts(logouts)
}
