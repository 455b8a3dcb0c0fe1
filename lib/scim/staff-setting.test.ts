import { describe, expect, it } from 'vitest'
import { account, HR, patchOp, refusal, stateOf, USER_SCHEMA } from '../../testing/scim'
import { db } from '../db'
import { patchGroup } from './groups'
import { createUser, deleteUser, patchUser, replaceUser } from './users'

// Read once per process (each test file runs in its own): this file is a deployment that trusts its directory with staff.
process.env.SCIM_MANAGES_STAFF = '1'

const suspend = (id: string) => patchUser(id, patchOp({ op: 'replace', path: 'active', value: false }), HR)

describe('SCIM with SCIM_MANAGES_STAFF=1', () => {
  it('suspends, reactivates, renames, moves and deprovisions helpdesk agents and administrators', async () => {
    for (const role of ['admin', 'helpdesk'] as const) {
      const staff = await account('administrators', role)
      expect(await suspend(staff.id)).toMatchObject({ active: false })
      await replaceUser(staff.id, { schemas: [USER_SCHEMA], userName: staff.email, displayName: 'After', active: true }, HR)
      expect(await stateOf(staff.id)).toMatchObject({ status: 'active', displayName: 'After' })
      await patchGroup('employees', patchOp({ op: 'add', path: 'members', value: [{ value: staff.id }] }), HR)
      expect((await stateOf(staff.id)).groupId).toBe('employees')
      await deleteUser(staff.id, HR)
      expect((await stateOf(staff.id)).status).toBe('deprovisioned')
      // The role stays what the portal gave: the directory acted on the account, not on its privileges.
      expect((await db().user.findUniqueOrThrow({ where: { id: staff.id } })).role).toBe(role)
    }
  })

  it('still never touches the break-glass account or its group, and never grants a role', async () => {
    const breakGlass = await account('break-glass', 'admin')
    const person = await account('customers')
    const attempts: [string, () => Promise<unknown>][] = [
      ['suspend it', () => suspend(breakGlass.id)],
      ['replace it', () => replaceUser(breakGlass.id, { schemas: [USER_SCHEMA], userName: breakGlass.email, displayName: 'After' }, HR)],
      ['deprovision it', () => deleteUser(breakGlass.id, HR)],
      ['move it out', () => patchGroup('customers', patchOp({ op: 'add', path: 'members', value: [{ value: breakGlass.id }] }), HR)],
      ['move someone in', () => patchGroup('break-glass', patchOp({ op: 'add', path: 'members', value: [{ value: person.id }] }), HR)],
    ]
    for (const [label, send] of attempts) expect((await refusal(send())).status, label).toBe(403)
    expect(await stateOf(breakGlass.id)).toMatchObject({ status: 'active', groupId: 'break-glass', displayName: 'Before' })
    expect((await stateOf(person.id)).groupId).toBe('customers')
    const granted = await refusal(createUser({ schemas: [USER_SCHEMA], userName: `scim-role-${Date.now()}@example.com`, roles: [{ value: 'admin' }] }, HR))
    expect(granted).toMatchObject({ status: 400, body: { scimType: 'mutability' } })
  })
})
