import 'server-only'
import { moveToGroup } from '../admin/lifecycle'
import { defaultGroupId } from '../policy/groups'
import { BREAK_GLASS_GROUP } from '../policy/presets'
import { findScimGroup, listScimGroups, membersOf } from './people'
import { SCIMMY, scimFailure, equalityFilter, listParameters, listResponse, scimBase, shapeParameters } from './protocol'
import { changeBy, type ScimCall } from './users'

/**
 * SCIM Groups are the portal's policy groups (lib/policy): listed and read
 * here, created, renamed and deleted in the portal. Membership is written
 * with PATCH add/remove (RFC 7644 §3.5.2), which moves people between policy
 * groups; removing someone from a group moves them to the default group.
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

/** PATCH /Groups/{id}: add moves people into the group, remove moves them to the default group. */
export async function patchGroup(id: string, body: unknown, call: ScimCall): Promise<void> {
  scimBase()
  const group = await findScimGroup(id)
  if (!group) throw scimFailure(404, `Resource ${id} not found`)
  const message = new SCIMMY.Messages.PatchOp(body as ConstructorParameters<typeof SCIMMY.Messages.PatchOp>[0])
  const fallback = await defaultGroupId()
  const moves: { ids: string[]; to: string }[] = []
  for (const operation of message.Operations) {
    const op = String(operation.op).toLowerCase()
    const path = typeof operation.path === 'string' ? operation.path.trim() : undefined
    const single = path ? MEMBER_PATH.exec(path) : null
    if (op === 'add' && (path === undefined || path.toLowerCase() === 'members')) moves.push({ ids: memberIds(operation.value), to: id })
    else if (op === 'remove' && single) moves.push({ ids: [single[1]!], to: fallback })
    else if (op === 'remove' && path?.toLowerCase() === 'members' && operation.value !== undefined)
      moves.push({ ids: memberIds(operation.value), to: fallback })
    else throw scimFailure(400, 'Members are changed with add or remove; groups are renamed in the portal.', 'invalidPath')
  }
  for (const move of moves) {
    const { members, unknown } = await membersOf(move.ids)
    if (unknown.length > 0) throw scimFailure(400, `No user with id ${unknown[0]!.slice(0, 64)}.`, 'invalidValue')
    // A directory moves people, not the portal's own staff: an administrator's or agent's group (their sign-in
    // policy), and the break-glass group, are changed in the portal, so a leaked token cannot weaken them.
    if (move.to === BREAK_GLASS_GROUP || members.some((member) => member.role !== 'user' || member.groupId === BREAK_GLASS_GROUP)) {
      throw scimFailure(403, 'Administrators, helpdesk agents and the break-glass group are managed in the portal.')
    }
    // Removing from the default group, or someone who is not in this one, changes nothing.
    if (move.to === fallback && id === fallback) continue
    const moving = move.to === fallback ? members.filter((member) => member.groupId === id) : members
    if (moving.length > 0)
      await moveToGroup(
        moving.map((member) => member.email),
        move.to,
        changeBy(call),
      )
  }
}
