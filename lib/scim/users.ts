import 'server-only'
import { type ScimCall } from './change'
import { findScimPeopleBy, findScimPerson, listScimPeople, toScimUser, type ScimPersonRow } from './people'
import { SCIMMY, scimFailure, equalityFilter, listParameters, listResponse, refuseUnknownAttributes, scimBase, shapeParameters } from './protocol'
import { createPerson, deprovisionScimPerson, replacePerson, type Incoming } from './user-writes'

/**
 * SCIM Users (RFC 7643 §4.1, RFC 7644 §3) through scimmy: it validates
 * bodies and applies a PATCH's Operations to the resource in memory, then
 * hands the result to one ingress call, so a refused Operation anywhere in
 * the list stops the request before anything is written. What a write does
 * to the account is in lib/scim/user-writes.ts.
 */

const FILTER_KEYS = { userName: 'userName', externalId: 'externalId', id: 'id', 'emails.value': 'userName' } as const

// scimmy calls these for GET one, PUT, PATCH (egress, apply, ingress) and DELETE; `ctx` is the request's ScimCall.
SCIMMY.Resources.User.egress(async (resource) => {
  const row = resource.id ? await findScimPerson(resource.id) : null
  if (!row) throw scimFailure(404, `Resource ${resource.id ?? ''} not found`)
  return toScimUser(row)
})
SCIMMY.Resources.User.ingress(async (resource, instance, ctx: ScimCall) => {
  const row = resource.id ? await replacePerson(resource.id, instance as Incoming, ctx) : await createPerson(instance as Incoming, ctx)
  return toScimUser(row)
})
SCIMMY.Resources.User.degress(async (resource, ctx: ScimCall) => {
  await deprovisionScimPerson(resource.id ?? '', ctx)
})

/** GET /Users: everyone 1-based `startIndex`, `count` a page, or the one person a `userName`/`externalId`/`id` eq filter names. */
export async function listUsers(url: URL) {
  const base = scimBase()
  const { startIndex, count, filter, attributes } = listParameters(url, SCIMMY.Resources.User)
  const wanted = equalityFilter(filter, FILTER_KEYS)
  const shape = (row: ScimPersonRow) => new SCIMMY.Schemas.User(toScimUser(row), 'out', `${base}/Users`, attributes)
  if (wanted) {
    const rows = await findScimPeopleBy(wanted.key, wanted.value)
    const page = startIndex === 1 ? rows.slice(0, count) : []
    return listResponse(page.map(shape), { startIndex, total: rows.length })
  }
  const { rows, total } = await listScimPeople(startIndex, count)
  return listResponse(rows.map(shape), { startIndex, total })
}

export async function readUser(id: string, url: URL) {
  scimBase()
  return new SCIMMY.Resources.User(id, shapeParameters(url)).read()
}

export async function createUser(body: unknown, call: ScimCall) {
  scimBase()
  refuseUnknownAttributes(body, SCIMMY.Schemas.User)
  return new SCIMMY.Resources.User().write(body, call)
}

export async function replaceUser(id: string, body: unknown, call: ScimCall) {
  scimBase()
  refuseUnknownAttributes(body, SCIMMY.Schemas.User)
  return new SCIMMY.Resources.User(id).write(body, call)
}

/** Directories that send booleans as "True"/"False" strings (a known Entra habit) are read as meaning the boolean. */
function withBooleanActive(body: unknown): unknown {
  if (!body || typeof body !== 'object' || !Array.isArray((body as { Operations?: unknown }).Operations)) return body
  const asBoolean = (value: unknown) => (typeof value === 'string' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : value)
  const operations = (body as { Operations: unknown[] }).Operations.map((operation) => {
    if (!operation || typeof operation !== 'object') return operation
    const { path, value } = operation as { path?: unknown; value?: unknown }
    if (typeof path === 'string' && path.toLowerCase() === 'active') return { ...operation, value: asBoolean(value) }
    if (path === undefined && value && typeof value === 'object' && 'active' in value)
      return { ...operation, value: { ...value, active: asBoolean(value.active) } }
    return operation
  })
  return { ...body, Operations: operations }
}

/**
 * PATCH /Users/{id}. scimmy returns nothing when the Operations changed nothing; RFC 7644 §3.5.2 answers 200 with
 * the resource (or 204), never an empty 200, so the resource is read and answered as it is.
 */
export async function patchUser(id: string, body: unknown, call: ScimCall) {
  scimBase()
  const user = new SCIMMY.Resources.User(id)
  return (await user.patch(withBooleanActive(body) as NonNullable<ConstructorParameters<typeof SCIMMY.Messages.PatchOp>[0]>, call)) ?? (await user.read())
}

export async function deleteUser(id: string, call: ScimCall) {
  scimBase()
  await new SCIMMY.Resources.User(id).dispose(call)
}
