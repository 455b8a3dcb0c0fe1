import { describe, expect, it } from 'vitest'
import { account, ERROR_SCHEMA, HR, patchOp, refusal, refusalsOf, stateOf } from '../../testing/scim'
import { db } from '../db'
import { patchGroup } from './groups'

const add = (...ids: string[]) => ({ op: 'add', path: 'members', value: ids.map((value) => ({ value })) })
const remove = (id: string) => ({ op: 'remove', path: `members[value eq "${id}"]` })
const movesOf = (userId: string) => db().auditEvent.count({ where: { userId, type: 'group_members_moved' } })

describe('SCIM Group PATCH', () => {
  it('applies every Operation or none: a refused or impossible later one leaves the earlier ones unapplied', async () => {
    const person = await account('customers')
    const admin = await account('administrators', 'admin')
    const breakGlass = await account('break-glass', 'admin')
    const laterOperations: [string, object, number][] = [
      ['an administrator', add(admin.id), 403],
      ['the break-glass account', add(breakGlass.id), 403],
      ['someone unknown', add('nobody'), 400],
      ['a rename', { op: 'replace', path: 'displayName', value: 'Owned' }, 400],
    ]
    for (const [label, later, status] of laterOperations) {
      const answer = await refusal(patchGroup('employees', patchOp(add(person.id), later), HR))
      expect(answer, label).toMatchObject({ status, body: { schemas: [ERROR_SCHEMA], status: String(status) } })
      expect((await stateOf(person.id)).groupId, label).toBe('customers')
      expect(await movesOf(person.id), label).toBe(0)
    }
    // Moves within one request see the earlier ones: in, then out again, is two moves and back in the default group.
    await patchGroup('employees', patchOp(add(person.id), remove(person.id)), HR)
    expect((await stateOf(person.id)).groupId).toBe('customers')
    expect(await movesOf(person.id)).toBe(2)
  })

  it('moves people into the default group on add, and answers a removal from it as impossible (400 mutability)', async () => {
    const person = await account('employees')
    await patchGroup('customers', patchOp(add(person.id)), HR)
    expect((await stateOf(person.id)).groupId).toBe('customers')
    expect(await db().auditEvent.findFirst({ where: { userId: person.id, type: 'group_members_moved' }, select: { actorName: true, detail: true } })).toEqual({
      actorName: 'SCIM: HR system',
      detail: JSON.stringify({ from: 'employees', to: 'customers', by: 'SCIM: HR system' }),
    })
    // Everyone is in a group and removal leads to the default one: it cannot be done, so it is not answered as done.
    const answer = await refusal(patchGroup('customers', patchOp(remove(person.id)), HR))
    expect(answer).toEqual({
      status: 400,
      body: { schemas: [ERROR_SCHEMA], status: '400', scimType: 'mutability', detail: expect.stringContaining('another group') },
    })
    expect((await stateOf(person.id)).groupId).toBe('customers')
    // Removing someone who is not a member is already true: 204, nothing moved.
    const other = await account('employees')
    await patchGroup('customers', patchOp(remove(other.id)), HR)
    await patchGroup('contractors', patchOp(remove(other.id)), HR)
    expect((await stateOf(other.id)).groupId).toBe('employees')
    expect(await movesOf(other.id)).toBe(0)
  })

  it('does not move administrators or helpdesk agents by default, nor anyone into or out of break-glass, and records the refusal', async () => {
    const admin = await account('administrators', 'admin')
    const agent = await account('employees', 'helpdesk')
    const person = await account('customers')
    const breakGlass = await account('break-glass', 'admin')
    const attempts: [string, string, object, string, string][] = [
      ['an administrator to a weaker group', 'customers', add(admin.id), admin.id, 'scim_staff_account'],
      ['a helpdesk agent out of their group', 'employees', remove(agent.id), agent.id, 'scim_staff_account'],
      ['someone into break-glass', 'break-glass', add(person.id), person.id, 'scim_break_glass_account'],
      ['the break-glass account out', 'customers', add(breakGlass.id), breakGlass.id, 'scim_break_glass_account'],
    ]
    for (const [label, group, operation, userId, reason] of attempts) {
      const answer = await refusal(patchGroup(group, patchOp(operation), HR))
      expect(answer, label).toMatchObject({ status: 403, body: { schemas: [ERROR_SCHEMA], status: '403' } })
      expect(await refusalsOf(userId), label).toEqual([
        { result: 'failure', reason, actorName: 'SCIM: HR system', detail: JSON.stringify({ by: 'SCIM: HR system', change: 'group_move' }) },
      ])
    }
    expect((await stateOf(admin.id)).groupId).toBe('administrators')
    expect((await stateOf(agent.id)).groupId).toBe('employees')
    expect((await stateOf(person.id)).groupId).toBe('customers')
    expect((await stateOf(breakGlass.id)).groupId).toBe('break-glass')
  })
})
