import { randomBytes } from 'node:crypto'
import type { APIRequestContext } from '@playwright/test'
import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { userIn } from '../policies/support'
import { latestEmailTo } from '../support/mailbox'
import { APP, E2E_SCIM_CLIENT } from '../support/servers'
import { removeUsers } from '../support/users'

/**
 * SCIM 2.0 driven the way an HR system or identity provider drives it:
 * plain HTTP with a bearer token and SCIM JSON, nothing of the portal's UI.
 */

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error'
const BASE = `${APP.url}/scim/v2`

type ScimUser = { id: string; userName: string; active: boolean; externalId?: string; groups: { value: string; display: string }[]; meta: { location: string } }
type ListResponse<T> = { totalResults: number; itemsPerPage: number; startIndex: number; Resources: T[] }

function hr(request: APIRequestContext, network = `198.51.100.${randomBytes(1)[0]! % 200}`) {
  const headers = { authorization: `Bearer ${E2E_SCIM_CLIENT.token}`, 'content-type': 'application/scim+json', 'x-forwarded-for': network }
  return {
    get: (path: string) => request.get(`${BASE}${path}`, { headers }),
    post: (path: string, data: unknown) => request.post(`${BASE}${path}`, { headers, data: JSON.stringify(data) }),
    put: (path: string, data: unknown) => request.put(`${BASE}${path}`, { headers, data: JSON.stringify(data) }),
    patch: (path: string, data: unknown) => request.patch(`${BASE}${path}`, { headers, data: JSON.stringify(data) }),
    delete: (path: string) => request.delete(`${BASE}${path}`, { headers }),
  }
}

const patchOp = (...Operations: object[]) => ({ schemas: [PATCH_OP], Operations })

test('an HR system creates, finds, suspends, reactivates, moves and deprovisions people over SCIM', async ({ browser, request, signIn }) => {
  const client = hr(request)

  // Discovery.
  const config = await (await client.get('/ServiceProviderConfig')).json()
  expect(config).toMatchObject({ patch: { supported: true }, filter: { supported: true, maxResults: 200 }, bulk: { supported: false } })
  const types = (await (await client.get('/ResourceTypes')).json()) as ListResponse<{ name: string }>
  expect(types.Resources.map((type) => type.name).sort()).toEqual(['Group', 'User'])
  const schemas = (await (await client.get('/Schemas')).json()) as ListResponse<{ id: string }>
  expect(schemas.Resources.map((schema) => schema.id)).toContain(USER_SCHEMA)

  // Create: the person is invited (the email is in their mailbox) and found again by userName and externalId.
  const email = `scim-${randomBytes(4).toString('hex')}@example.com`
  const externalId = `hr-${randomBytes(4).toString('hex')}`
  const created = await client.post('/Users', {
    schemas: [USER_SCHEMA],
    userName: email,
    name: { givenName: 'Ada', familyName: 'Byron' },
    externalId,
    active: true,
  })
  expect(created.status()).toBe(201)
  expect(created.headers()['content-type']).toContain('application/scim+json')
  const user = (await created.json()) as ScimUser
  expect(user).toMatchObject({ userName: email, externalId, active: true, groups: [{ value: 'customers' }] })
  expect(created.headers().location).toBe(`${BASE}/Users/${user.id}`)
  expect((await latestEmailTo(email, /^You are invited/)).subject).toMatch(/^You are invited/)
  expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe('invited')
  const again = await client.post('/Users', { schemas: [USER_SCHEMA], userName: email.toUpperCase() })
  expect(again.status()).toBe(409)
  expect(await again.json()).toMatchObject({ schemas: [ERROR_SCHEMA], status: '409', scimType: 'uniqueness' })
  for (const filter of [`userName eq "${email.toUpperCase()}"`, `externalId eq "${externalId}"`, `emails.value eq "${email}"`]) {
    const found = (await (await client.get(`/Users?filter=${encodeURIComponent(filter)}`)).json()) as ListResponse<ScimUser>
    expect(found, filter).toMatchObject({ totalResults: 1, Resources: [{ id: user.id }] })
  }
  const none = (await (await client.get(`/Users?filter=${encodeURIComponent('userName eq "nobody@example.com"')}`)).json()) as ListResponse<ScimUser>
  expect(none).toMatchObject({ totalResults: 0, Resources: [] })

  // Paging: 1-based, the second page starts where the first ended.
  const first = (await (await client.get('/Users?startIndex=1&count=2')).json()) as ListResponse<ScimUser>
  const second = (await (await client.get('/Users?startIndex=2&count=2')).json()) as ListResponse<ScimUser>
  expect(first).toMatchObject({ startIndex: 1, itemsPerPage: 2 })
  expect(second).toMatchObject({ startIndex: 2, itemsPerPage: 2, totalResults: first.totalResults })
  expect(second.Resources[0]!.id).toBe(first.Resources[1]!.id)

  // An employee with a live session in their own browser.
  const person = await userIn('customers')
  const theirs = await browser.newContext()
  await signIn(theirs, { ...person, displayName: 'Policy Person' })
  const theirPage = await theirs.newPage()
  await theirPage.goto('/account')
  await expect(theirPage.getByTestId('signed-in-user')).toBeVisible()

  // PATCH active=false (sent as the string "False", as some directories do): their next request is signed out.
  const suspended = await client.patch(`/Users/${person.id}`, patchOp({ op: 'Replace', path: 'active', value: 'False' }))
  expect(suspended.status()).toBe(200)
  expect(((await suspended.json()) as ScimUser).active).toBe(false)
  await theirPage.goto('/account')
  await expect(theirPage).toHaveURL(/\/sign-in/)
  expect((await db().user.findUniqueOrThrow({ where: { id: person.id } })).status).toBe('suspended')
  expect((await latestEmailTo(person.email, /suspended/)).subject).toContain('suspended')

  // Reactivated by a replace of the whole resource.
  const reactivated = await client.put(`/Users/${person.id}`, { schemas: [USER_SCHEMA], userName: person.email, displayName: 'Policy Person', active: true })
  expect(reactivated.status()).toBe(200)
  expect((await db().user.findUniqueOrThrow({ where: { id: person.id } })).status).toBe('active')
  // A PATCH that changes nothing answers the resource as it is, not an empty 200.
  const unchanged = await client.patch(`/Users/${person.id}`, patchOp({ op: 'replace', path: 'active', value: true }))
  expect(unchanged.status()).toBe(200)
  expect(await unchanged.json()).toMatchObject({ id: person.id, active: true })
  // The sign-in address is not the directory's to change.
  const moved = await client.put(`/Users/${person.id}`, { schemas: [USER_SCHEMA], userName: 'attacker@example.com' })
  expect(moved.status()).toBe(400)
  expect(await moved.json()).toMatchObject({ scimType: 'mutability' })
  expect((await db().user.findUniqueOrThrow({ where: { id: person.id } })).email).toBe(person.email)

  // Group move: into Employees, then removed (back to the default group).
  const groups = (await (await client.get(`/Groups?filter=${encodeURIComponent('displayName eq "Employees"')}`)).json()) as ListResponse<{
    id: string
    displayName: string
  }>
  expect(groups).toMatchObject({ totalResults: 1, Resources: [{ id: 'employees', displayName: 'Employees' }] })
  expect((await client.patch('/Groups/employees', patchOp({ op: 'add', path: 'members', value: [{ value: person.id }] }))).status()).toBe(204)
  expect(((await (await client.get(`/Users/${person.id}`)).json()) as ScimUser).groups).toEqual([{ value: 'employees', display: 'Employees', type: 'direct' }])
  expect((await client.patch('/Groups/employees', patchOp({ op: 'remove', path: `members[value eq "${person.id}"]` }))).status()).toBe(204)
  expect((await db().user.findUniqueOrThrow({ where: { id: person.id } })).groupId).toBe('customers')

  // Delete deprovisions: gone for SCIM, kept (deprovisioned) for the history.
  expect((await client.delete(`/Users/${person.id}`)).status()).toBe(204)
  const gone = await client.get(`/Users/${person.id}`)
  expect(gone.status()).toBe(404)
  expect(await gone.json()).toMatchObject({ schemas: [ERROR_SCHEMA], status: '404' })
  expect((await db().user.findUniqueOrThrow({ where: { id: person.id } })).status).toBe('deprovisioned')
  expect((await client.delete(`/Users/${person.id}`)).status()).toBe(404)

  // Every change is in the audit log with the client as the actor.
  const logged = await db().auditEvent.findMany({ where: { userId: person.id, actorName: `SCIM: ${E2E_SCIM_CLIENT.name}` }, select: { type: true } })
  expect(logged.map((event) => event.type).sort()).toEqual(
    ['account_deprovisioned', 'account_reactivated', 'account_suspended', 'group_members_moved', 'group_members_moved'].sort(),
  )
  expect(await db().auditEvent.count({ where: { userId: user.id, type: 'invitation_sent', actorName: `SCIM: ${E2E_SCIM_CLIENT.name}` } })).toBe(1)
  await theirs.close()
  await removeUsers(user.id, person.id)
})

test('a Group PATCH applies all of its Operations or none: a refused second one leaves the first unapplied', async ({ request }) => {
  const client = hr(request)
  const person = await userIn('customers')
  const admin = await userIn('administrators', 'admin')
  const moved = () => db().auditEvent.count({ where: { userId: person.id, type: 'group_members_moved' } })

  // The second Operation is refused (an administrator) or impossible (nobody): the first is not applied either.
  for (const [label, second, status] of [
    ['an administrator', { op: 'add', path: 'members', value: [{ value: admin.id }] }, 403],
    ['an unknown member', { op: 'add', path: 'members', value: [{ value: 'nobody' }] }, 400],
  ] as const) {
    const response = await client.patch('/Groups/employees', patchOp({ op: 'add', path: 'members', value: [{ value: person.id }] }, second))
    expect(response.status(), label).toBe(status)
    expect(await response.json(), label).toMatchObject({ schemas: [ERROR_SCHEMA], status: String(status) })
    expect((await db().user.findUniqueOrThrow({ where: { id: person.id } })).groupId, label).toBe('customers')
    expect(await moved(), label).toBe(0)
  }
  expect((await db().user.findUniqueOrThrow({ where: { id: admin.id } })).groupId).toBe('administrators')
  await removeUsers(person.id, admin.id)
})

test('adding to the default group puts people there; removing from it answers 400 mutability, not a 204 that changed nothing', async ({ request }) => {
  const client = hr(request)
  const employee = await userIn('employees')
  expect((await client.patch('/Groups/customers', patchOp({ op: 'add', path: 'members', value: [{ value: employee.id }] }))).status()).toBe(204)
  expect(((await (await client.get(`/Users/${employee.id}`)).json()) as ScimUser).groups).toEqual([
    { value: 'customers', display: 'Customers', type: 'direct' },
  ])
  // Removal leads to the default group, so removing someone from it cannot be done.
  const removal = await client.patch('/Groups/customers', patchOp({ op: 'remove', path: `members[value eq "${employee.id}"]` }))
  expect(removal.status()).toBe(400)
  expect(removal.headers()['content-type']).toContain('application/scim+json')
  expect(await removal.json()).toMatchObject({ schemas: [ERROR_SCHEMA], status: '400', scimType: 'mutability' })
  expect((await db().user.findUniqueOrThrow({ where: { id: employee.id } })).groupId).toBe('customers')
  await removeUsers(employee.id)
})

test('by default SCIM cannot suspend, replace or deprovision administrators and helpdesk agents, and the attempt is recorded', async ({ request }) => {
  const client = hr(request)
  for (const [label, staff] of [
    ['an administrator', await userIn('administrators', 'admin')],
    ['a helpdesk agent', await userIn('employees', 'helpdesk')],
  ] as const) {
    const attempts = [
      ['suspend', () => client.patch(`/Users/${staff.id}`, patchOp({ op: 'replace', path: 'active', value: false }))],
      ['replace', () => client.put(`/Users/${staff.id}`, { schemas: [USER_SCHEMA], userName: staff.email, displayName: 'Renamed', active: false })],
      ['deprovision', () => client.delete(`/Users/${staff.id}`)],
    ] as const
    for (const [what, send] of attempts) {
      const response = await send()
      expect(response.status(), `${what} ${label}`).toBe(403)
      expect(response.headers()['content-type']).toContain('application/scim+json')
      expect(await response.json(), `${what} ${label}`).toEqual({
        schemas: [ERROR_SCHEMA],
        status: '403',
        detail: 'Administrators and helpdesk agents are managed in the portal.',
      })
    }
    expect(await db().user.findUniqueOrThrow({ where: { id: staff.id }, select: { status: true, displayName: true } })).toEqual({
      status: 'active',
      displayName: 'Policy Person',
    })
    const refusals = await db().auditEvent.findMany({ where: { userId: staff.id, type: 'scim_request_refused' }, select: { reason: true, actorName: true } })
    expect(refusals, label).toEqual(attempts.map(() => ({ reason: 'scim_staff_account', actorName: `SCIM: ${E2E_SCIM_CLIENT.name}` })))
    await removeUsers(staff.id)
  }
})

test('SCIM refuses bad tokens, bad filters, unknown attributes and oversized bodies in its own error format', async ({ request }) => {
  const network = `203.0.113.${randomBytes(1)[0]! % 200}`
  const client = hr(request, network)
  const person = await userIn('customers')
  const statusOf = async (response: Awaited<ReturnType<typeof client.get>>) => ({
    status: response.status(),
    body: (await response.json()) as Record<string, unknown>,
  })

  for (const authorization of [
    undefined,
    'Bearer wrong-token-of-sufficient-length',
    `Basic ${Buffer.from('hr:pw').toString('base64')}`,
    `Bearer ${E2E_SCIM_CLIENT.token}x`,
  ]) {
    const response = await request.get(`${BASE}/Users`, { headers: { ...(authorization ? { authorization } : {}), 'x-forwarded-for': network } })
    expect(response.status(), authorization).toBe(401)
    expect(response.headers()['www-authenticate']).toContain('Bearer')
    expect(await response.json()).toMatchObject({ schemas: [ERROR_SCHEMA], status: '401' })
  }

  for (const filter of [
    'userName eq',
    'foo bar baz',
    '((((',
    'userName xx "a"',
    'nickName eq "x"',
    'userName sw "a"',
    'userName eq "a" or userName eq "b"',
    'x'.repeat(2000),
  ]) {
    const { status, body } = await statusOf(await client.get(`/Users?filter=${encodeURIComponent(filter)}`))
    expect(status, filter).toBe(400)
    expect(body, filter).toMatchObject({ schemas: [ERROR_SCHEMA], status: '400' })
  }
  expect((await client.get('/Users?count=abc')).status()).toBe(400)

  const badBodies: [string, () => ReturnType<typeof client.post>][] = [
    ['an unknown attribute', () => client.post('/Users', { schemas: [USER_SCHEMA], userName: 'new@example.com', shoeSize: 44 })],
    ['an unknown schema', () => client.post('/Users', { schemas: ['urn:example:evil'], userName: 'new@example.com' })],
    ['no userName', () => client.post('/Users', { schemas: [USER_SCHEMA] })],
    ['userName that is not an address', () => client.post('/Users', { schemas: [USER_SCHEMA], userName: '<script>' })],
    ['a list instead of an object', () => client.post('/Users', [1, 2])],
    ['a PatchOp on an unknown path', () => client.patch(`/Users/${person.id}`, patchOp({ op: 'replace', path: 'shoeSize', value: 44 }))],
    ['a PatchOp of the wrong type', () => client.patch(`/Users/${person.id}`, patchOp({ op: 'replace', path: 'active', value: 'maybe' }))],
    ['a PatchOp without Operations', () => client.patch(`/Users/${person.id}`, { schemas: [PATCH_OP] })],
    ['a group patch renaming it', () => client.patch('/Groups/employees', patchOp({ op: 'replace', path: 'displayName', value: 'Owned' }))],
    ['a group patch with an unknown member', () => client.patch('/Groups/employees', patchOp({ op: 'add', path: 'members', value: [{ value: 'nobody' }] }))],
  ]
  for (const [label, send] of badBodies) {
    const { status, body } = await statusOf(await send())
    expect(status, label).toBe(400)
    expect(body, label).toMatchObject({ schemas: [ERROR_SCHEMA], status: '400' })
  }
  const notJson = await request.post(`${BASE}/Users`, {
    headers: { authorization: `Bearer ${E2E_SCIM_CLIENT.token}`, 'content-type': 'application/scim+json', 'x-forwarded-for': network },
    data: '{"userName": ',
  })
  expect(notJson.status()).toBe(400)

  const megabyte = await client.post('/Users', { schemas: [USER_SCHEMA], userName: 'big@example.com', displayName: 'x'.repeat(1024 * 1024) })
  expect(megabyte.status()).toBe(413)
  expect(await megabyte.json()).toMatchObject({ schemas: [ERROR_SCHEMA], status: '413' })
  // Just over the limit is refused whole; just under it is read whole (a 1,000-member PATCH, here naming nobody).
  expect((await client.post('/Users', { schemas: [USER_SCHEMA], userName: 'big@example.com', displayName: 'x'.repeat(110 * 1024) })).status()).toBe(413)
  const members = Array.from({ length: 1000 }, (_, index) => ({ value: `nobody-${String(index).padStart(40, '0')}` }))
  const large = await statusOf(await client.patch('/Groups/employees', patchOp({ op: 'add', path: 'members', value: members })))
  expect(large).toMatchObject({ status: 400, body: { scimType: 'invalidValue', detail: expect.stringContaining('nobody-') } })
  expect((await client.get('/Users/nobody')).status()).toBe(404)
  expect((await client.post('/Groups', {})).status()).toBe(501)

  // Nothing of the above changed anyone.
  expect(await db().user.count({ where: { email: { in: ['new@example.com', 'big@example.com'] } } })).toBe(0)
  expect((await db().user.findUniqueOrThrow({ where: { id: person.id } })).status).toBe('active')
  expect(await db().group.count({ where: { name: 'Owned' } })).toBe(0)

  // A leaked token cannot weaken the portal's own staff: admins' groups and the break-glass account are the portal's.
  const admin = await userIn('administrators', 'admin')
  const breakGlass = await userIn('break-glass', 'admin')
  const refusals: [string, () => ReturnType<typeof client.get>][] = [
    [
      'moving an administrator to a weaker group',
      () => client.patch('/Groups/customers', patchOp({ op: 'add', path: 'members', value: [{ value: admin.id }] })),
    ],
    ['moving someone into break-glass', () => client.patch('/Groups/break-glass', patchOp({ op: 'add', path: 'members', value: [{ value: person.id }] }))],
    ['suspending the break-glass account', () => client.patch(`/Users/${breakGlass.id}`, patchOp({ op: 'replace', path: 'active', value: false }))],
    ['deprovisioning the break-glass account', () => client.delete(`/Users/${breakGlass.id}`)],
  ]
  for (const [label, send] of refusals) {
    const { status, body } = await statusOf(await send())
    expect(status, label).toBe(403)
    expect(body, label).toMatchObject({ schemas: [ERROR_SCHEMA], status: '403' })
  }
  expect((await db().user.findUniqueOrThrow({ where: { id: admin.id } })).groupId).toBe('administrators')
  expect(await db().user.findUniqueOrThrow({ where: { id: breakGlass.id }, select: { status: true, groupId: true } })).toEqual({
    status: 'active',
    groupId: 'break-glass',
  })
  expect((await db().user.findUniqueOrThrow({ where: { id: person.id } })).groupId).toBe('customers')

  // Wrong tokens are counted per network: past the limit, 429 there, while the real client elsewhere carries on.
  const guessing = `192.0.2.${randomBytes(1)[0]! % 200}`
  const answers: number[] = []
  for (let attempt = 0; attempt < 32; attempt++) {
    answers.push(
      (await request.get(`${BASE}/Users`, { headers: { authorization: 'Bearer guess-guess-guess-guess-guess', 'x-forwarded-for': guessing } })).status(),
    )
  }
  expect(answers.slice(0, 30).every((status) => status === 401)).toBe(true)
  expect(answers.slice(30)).toEqual([429, 429])
  expect((await hr(request).get('/ServiceProviderConfig')).status()).toBe(200)
  await removeUsers(person.id, admin.id, breakGlass.id)
})
