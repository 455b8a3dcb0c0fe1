import { describe, expect, it } from 'vitest'
import { account, ERROR_SCHEMA, HR, patchOp, refusal, refusalsOf, stateOf, USER_SCHEMA } from '../../testing/scim'
import { db } from '../db'
import { createUser, deleteUser, patchUser, replaceUser } from './users'

/** The kinds of history rows the client wrote for an account, sorted (rows of one transaction share a timestamp). */
const changesBy = async (userId: string) =>
  (await db().auditEvent.findMany({ where: { userId, actorName: 'SCIM: HR system', result: 'success' }, select: { type: true } })).map((row) => row.type).sort()

describe('SCIM User writes', () => {
  it('refuse to suspend, replace or deprovision administrators and helpdesk agents by default, in SCIM’s format, and record it', async () => {
    for (const role of ['admin', 'helpdesk'] as const) {
      const staff = await account(role === 'admin' ? 'administrators' : 'employees', role)
      const attempts: [string, () => Promise<unknown>, string][] = [
        ['suspend', () => patchUser(staff.id, patchOp({ op: 'replace', path: 'active', value: false }), HR), 'update'],
        [
          'rename and suspend',
          () => patchUser(staff.id, patchOp({ op: 'replace', path: 'displayName', value: 'After' }, { op: 'replace', path: 'active', value: false }), HR),
          'update',
        ],
        ['replace', () => replaceUser(staff.id, { schemas: [USER_SCHEMA], userName: staff.email, displayName: 'After', active: false }, HR), 'update'],
        ['deprovision', () => deleteUser(staff.id, HR), 'deprovision'],
      ]
      for (const [label, send] of attempts) {
        expect(await refusal(send()), `${role}: ${label}`).toEqual({
          status: 403,
          body: { schemas: [ERROR_SCHEMA], status: '403', detail: 'Administrators and helpdesk agents are managed in the portal.' },
        })
      }
      expect(await stateOf(staff.id)).toMatchObject({ status: 'active', displayName: 'Before' })
      expect((await refusalsOf(staff.id)).map((row) => `${row.reason} by ${row.actorName}: ${JSON.parse(row.detail!).change}`).sort()).toEqual(
        attempts.map(([, , change]) => `scim_staff_account by SCIM: HR system: ${change}`).sort(),
      )
      expect(await changesBy(staff.id)).toEqual([])
    }
  })

  it('refuse any change to the break-glass account, and record it', async () => {
    const breakGlass = await account('break-glass', 'admin')
    const renamed = await refusal(replaceUser(breakGlass.id, { schemas: [USER_SCHEMA], userName: breakGlass.email, displayName: 'After' }, HR))
    expect(renamed).toMatchObject({
      status: 403,
      body: { schemas: [ERROR_SCHEMA], detail: 'The break-glass account and its group are managed in the portal.' },
    })
    expect((await refusal(deleteUser(breakGlass.id, HR))).status).toBe(403)
    expect(await stateOf(breakGlass.id)).toMatchObject({ status: 'active', displayName: 'Before' })
    expect((await refusalsOf(breakGlass.id)).map((row) => row.reason)).toEqual(['scim_break_glass_account', 'scim_break_glass_account'])
    // Flagged as a try on the break-glass account, which every administrator hears of (ADR 14).
    const flags = await db().auditEvent.findMany({ where: { userId: breakGlass.id, type: 'break_glass_recovery_refused' }, select: { detail: true } })
    expect(flags.map((flag) => JSON.parse(flag.detail!).attempt)).toEqual(['scim_change', 'scim_change'])
  })

  it('write every Operation of a PATCH together with its history rows, and answer the resource', async () => {
    const person = await account('customers')
    const patched = await patchUser(
      person.id,
      patchOp({ op: 'replace', path: 'displayName', value: 'After' }, { op: 'replace', path: 'active', value: 'False' }),
      HR,
    )
    expect(patched).toMatchObject({ id: person.id, displayName: 'After', active: false })
    expect(await stateOf(person.id)).toMatchObject({ status: 'suspended', displayName: 'After' })
    expect(await changesBy(person.id)).toEqual(['account_suspended', 'profile_updated'])
    // Operations that change nothing answer the resource as it is (RFC 7644 §3.5.2), not an empty 200.
    expect(await patchUser(person.id, patchOp({ op: 'replace', path: 'displayName', value: 'After' }), HR)).toMatchObject({
      id: person.id,
      displayName: 'After',
    })
    // An external id someone else holds stops the whole PATCH, the name with it.
    const other = await account('customers')
    await db().user.update({ where: { id: other.id }, data: { externalId: `hr-${other.id}` } })
    const conflict = await refusal(
      patchUser(person.id, patchOp({ op: 'replace', path: 'displayName', value: 'Again' }, { op: 'replace', path: 'externalId', value: `hr-${other.id}` }), HR),
    )
    expect(conflict).toMatchObject({ status: 409, body: { scimType: 'uniqueness' } })
    expect(await stateOf(person.id)).toMatchObject({ displayName: 'After', externalId: null })
  })

  it('never grant a role: roles and entitlements are refused with 400 mutability, on create and on PATCH', async () => {
    const email = `scim-roles-${Date.now()}@example.com`
    const created = await refusal(createUser({ schemas: [USER_SCHEMA], userName: email, roles: [{ value: 'admin' }] }, HR))
    expect(created).toMatchObject({ status: 400, body: { schemas: [ERROR_SCHEMA], scimType: 'mutability' } })
    expect(await db().user.count({ where: { email } })).toBe(0)
    const person = await account('customers')
    const patched = await refusal(patchUser(person.id, patchOp({ op: 'add', path: 'roles', value: [{ value: 'admin' }] }), HR))
    expect(patched).toMatchObject({ status: 400, body: { scimType: 'mutability' } })
    expect((await db().user.findUniqueOrThrow({ where: { id: person.id } })).role).toBe('user')
  })

  it('create an account all at once or not at all: a taken externalId leaves no account and no invitation', async () => {
    const holder = await account('customers')
    await db().user.update({ where: { id: holder.id }, data: { externalId: `hr-${holder.id}` } })
    const email = `scim-new-${Date.now()}@example.com`
    const answer = await refusal(createUser({ schemas: [USER_SCHEMA], userName: email, externalId: `hr-${holder.id}` }, HR))
    expect(answer).toMatchObject({ status: 409, body: { scimType: 'uniqueness' } })
    expect(await db().user.count({ where: { email } })).toBe(0)
    const created = await createUser({ schemas: [USER_SCHEMA], userName: email, externalId: `hr-${email}`, active: false }, HR)
    expect(created).toMatchObject({ userName: email, externalId: `hr-${email}`, active: false })
    expect(await changesBy(created.id!)).toEqual(['account_suspended', 'invitation_sent'])
  })

  it('create one account from ten simultaneous requests for one address: the others are 409, and its invitation stands', async () => {
    const email = `scim-race-${Date.now()}@example.com`
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        createUser({ schemas: [USER_SCHEMA], userName: email }, HR).then(
          () => 201,
          async (error: unknown) => (await refusal(Promise.reject(error))).status,
        ),
      ),
    )
    expect(answers.sort()).toEqual([201, ...Array<number>(9).fill(409)])
    const account = await db().user.findUniqueOrThrow({ where: { email }, select: { id: true } })
    expect(await db().invitation.count({ where: { userId: account.id, revokedAt: null } })).toBe(1)
  })
})
