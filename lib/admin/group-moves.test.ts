import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { db } from '../db'
import { BREAK_GLASS_GROUP } from '../policy/presets'
import { moveMembersToGroup, movePersonToGroup } from './group-moves'

const unique = () => Math.random().toString(36).slice(2, 10)

async function person(groupId = 'employees', role: 'user' | 'admin' = 'user') {
  return db().user.create({ data: { email: `person-${unique()}@example.com`, groupId, role }, select: { id: true, email: true } })
}

async function administrator() {
  const user = await db().user.create({
    data: { email: `admin-${unique()}@example.com`, role: 'admin', groupId: 'administrators' },
    select: { id: true, email: true },
  })
  return { user, sessionId: `admin-session-${unique()}` }
}

const groupOf = async (id: string) => (await db().user.findUniqueOrThrow({ where: { id }, select: { groupId: true } })).groupId
const moves = (userId: string) => db().auditEvent.findMany({ where: { userId, type: 'group_members_moved' }, select: { actorId: true, detail: true } })

describe('moving one person to another group', () => {
  it('moves them with a history row naming the administrator; a second move to the same group changes nothing', async () => {
    const admin = await administrator()
    const target = await person('employees')
    const ctx = testContext({ caller: admin })

    expect(await movePersonToGroup({ userId: target.id, groupId: 'contractors' }, admin, ctx)).toEqual({ ok: true, moved: true })
    expect(await movePersonToGroup({ userId: target.id, groupId: 'contractors' }, admin, ctx)).toEqual({ ok: true, moved: false })

    expect(await groupOf(target.id)).toBe('contractors')
    const rows = await moves(target.id)
    expect(rows).toHaveLength(1)
    expect(rows[0]!.actorId).toBe(admin.user.id)
    expect(JSON.parse(rows[0]!.detail!)).toEqual({ from: 'employees', to: 'contractors', by: admin.user.email })
  })

  it('refuses an unknown person or group, and moves nobody', async () => {
    const admin = await administrator()
    const target = await person('employees')
    const ctx = testContext({ caller: admin })
    expect(await movePersonToGroup({ userId: 'nobody', groupId: 'contractors' }, admin, ctx)).toEqual({ ok: false, reason: 'person_not_found' })
    expect(await movePersonToGroup({ userId: target.id, groupId: 'no-such-group' }, admin, ctx)).toEqual({ ok: false, reason: 'group_not_found' })
    expect(await groupOf(target.id)).toBe('employees')
    expect(await moves(target.id)).toEqual([])
  })

  it('may take the break-glass administrator out of its group, as ADR 14 allows: the move is in the log', async () => {
    const admin = await administrator()
    const breakGlass = await person(BREAK_GLASS_GROUP, 'admin')
    expect(await movePersonToGroup({ userId: breakGlass.id, groupId: 'administrators' }, admin, testContext({ caller: admin }))).toEqual({
      ok: true,
      moved: true,
    })
    expect(JSON.parse((await moves(breakGlass.id))[0]!.detail!)).toMatchObject({ from: BREAK_GLASS_GROUP, to: 'administrators' })
  })
})

describe('moving many people by address', () => {
  it('moves every account named, each with its own row, and lists the addresses that name none', async () => {
    const admin = await administrator()
    const [first, second] = [await person('customers'), await person('employees')]
    const unknown = `nobody-${unique()}@example.com`

    const outcome = await moveMembersToGroup({ emails: [first.email, second.email, unknown], groupId: 'contractors' }, admin, testContext({ caller: admin }))

    expect(outcome).toMatchObject({ ok: true, unknown: [unknown] })
    expect(outcome.ok && outcome.moved.map((member) => member.email).sort()).toEqual([first.email, second.email].sort())
    for (const moved of [first, second]) {
      expect(await groupOf(moved.id)).toBe('contractors')
      expect(await moves(moved.id)).toHaveLength(1)
    }
  })

  it('refuses an unknown group, and moves nobody', async () => {
    const admin = await administrator()
    const target = await person('customers')
    expect(await moveMembersToGroup({ emails: [target.email], groupId: 'no-such-group' }, admin, testContext({ caller: admin }))).toEqual({
      ok: false,
      reason: 'group_not_found',
    })
    expect(await groupOf(target.id)).toBe('customers')
  })
})
