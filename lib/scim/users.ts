import 'server-only'
import type { Audit } from '../audit/record'
import { deprovisionPerson, reactivatePerson, sendLifecycleNotice, suspendPerson, type AdminChange } from '../admin/lifecycle'
import { invitePeople, sendInvitation } from '../admin/invitations'
import { normalizeEmailAddress } from '../email/address'
import { defaultGroupId } from '../policy/groups'
import { BREAK_GLASS_GROUP } from '../policy/presets'
import { shownNameField } from '../web/form-fields'
import type { RequestContext } from '../web/request-context'
import { findScimPeopleBy, findScimPerson, listScimPeople, setExternalId, toScimUser, updateScimPerson, type ScimPersonRow } from './people'
import { SCIMMY, scimFailure, equalityFilter, listParameters, listResponse, refuseUnknownAttributes, scimBase, shapeParameters } from './protocol'

/**
 * SCIM Users (RFC 7643 §4.1, RFC 7644 §3) on the portal's lifecycle: create
 * invites the person (they set up a passkey from the email), active: false
 * suspends, active: true reactivates, delete deprovisions. Every change is in
 * the history with the client's name as the actor, and the person is told as
 * when an administrator does it. The sign-in address (userName) is not
 * changed through SCIM: a directory that could change it could take over the
 * account by pointing it at another mailbox.
 */

export type ScimCall = { client: string; audit: Audit; context: RequestContext }

const FILTER_KEYS = { userName: 'userName', externalId: 'externalId', id: 'id', 'emails.value': 'userName' } as const
const nameField = shownNameField(0, 60, 'invite_name')

type Incoming = {
  userName?: string
  displayName?: string
  name?: { formatted?: string; givenName?: string; familyName?: string }
  externalId?: string
  active?: boolean
}

function readName(instance: Incoming): string | null {
  const raw = instance.displayName ?? instance.name?.formatted ?? [instance.name?.givenName, instance.name?.familyName].filter(Boolean).join(' ')
  const parsed = nameField.safeParse(raw ?? '')
  if (!parsed.success) throw scimFailure(400, 'displayName must be at most 60 characters.', 'invalidValue')
  return parsed.data || null
}

function readExternalId(instance: Incoming): string | null {
  const value = instance.externalId?.trim()
  if (value && value.length > 200) throw scimFailure(400, 'externalId must be at most 200 characters.', 'invalidValue')
  return value || null
}

const by = (call: ScimCall) => `SCIM: ${call.client}`
/** A change this client makes: named in the history's details, its rows written with the change. */
export const changeBy = (call: ScimCall): AdminChange => ({ by: by(call), audit: call.audit })

/** The break-glass account is the way in when everything else fails (ADR 14): no directory suspends or removes it. */
function refuseBreakGlass(row: ScimPersonRow): void {
  if (row.group.id === BREAK_GLASS_GROUP) throw scimFailure(403, 'The break-glass account is managed in the portal.')
}

async function create(instance: Incoming, call: ScimCall): Promise<ScimPersonRow> {
  const address = normalizeEmailAddress(instance.userName ?? '')
  if (!address.ok) throw scimFailure(400, 'userName must be the person’s email address.', 'invalidValue')
  const externalId = readExternalId(instance)
  // An address with an account (even one still invited) is a conflict for SCIM, not a new invitation.
  const taken = () => scimFailure(409, 'An account with this userName already exists.', 'uniqueness')
  if ((await findScimPeopleBy('userName', address.email)).length > 0) throw taken()
  const [outcome] = await invitePeople([{ email: address.email, name: readName(instance), groupId: await defaultGroupId() }], changeBy(call))
  if (!outcome || outcome.result !== 'invited' || !outcome.userId) throw taken()
  if ((await setExternalId(outcome.userId, externalId)) === 'taken') throw scimFailure(409, 'Another account has this externalId.', 'uniqueness')
  await sendInvitation(outcome)
  if (instance.active === false) await applyActive(outcome.userId, false, call)
  return (await findScimPerson(outcome.userId))!
}

async function applyActive(userId: string, active: boolean, call: ScimCall): Promise<void> {
  if (active) {
    const result = await reactivatePerson(userId, changeBy(call))
    if (!result.ok) return
    await sendLifecycleNotice('reactivated', { userId, context: call.context })
    return
  }
  const result = await suspendPerson(userId, changeBy(call))
  if (!result.ok) return
  await sendLifecycleNotice('suspended', { userId, context: call.context })
}

async function replace(id: string, instance: Incoming, call: ScimCall): Promise<ScimPersonRow> {
  const current = await findScimPerson(id)
  if (!current) throw scimFailure(404, `Resource ${id} not found`)
  const address = normalizeEmailAddress(instance.userName ?? '')
  if (!address.ok || address.email !== current.email) {
    throw scimFailure(400, 'userName is the sign-in address: the person changes it in the portal, not through provisioning.', 'mutability')
  }
  const displayName = readName(instance)
  const changesActive = instance.active !== undefined && instance.active !== (current.status !== 'suspended')
  // Checked before anything is written: a refused request changes nothing.
  if (changesActive) refuseBreakGlass(current)
  const updated = await updateScimPerson(id, { displayName, externalId: readExternalId(instance) })
  if (updated === 'taken') throw scimFailure(409, 'Another account has this externalId.', 'uniqueness')
  if (!updated) throw scimFailure(404, `Resource ${id} not found`)
  if (displayName !== current.displayName) {
    await call.audit({ type: 'profile_updated', result: 'success', userId: id, sessionId: null, detail: { by: by(call) } })
  }
  if (changesActive) await applyActive(id, instance.active!, call)
  return (await findScimPerson(id))!
}

// scimmy calls these for GET one, PUT, PATCH (egress, apply, ingress) and DELETE; `ctx` is the request's ScimCall.
SCIMMY.Resources.User.egress(async (resource) => {
  const row = resource.id ? await findScimPerson(resource.id) : null
  if (!row) throw scimFailure(404, `Resource ${resource.id ?? ''} not found`)
  return toScimUser(row)
})
SCIMMY.Resources.User.ingress(async (resource, instance, ctx: ScimCall) => {
  const row = resource.id ? await replace(resource.id, instance as Incoming, ctx) : await create(instance as Incoming, ctx)
  return toScimUser(row)
})
SCIMMY.Resources.User.degress(async (resource, ctx: ScimCall) => {
  const id = resource.id ?? ''
  const row = await findScimPerson(id)
  if (!row) throw scimFailure(404, `Resource ${id} not found`)
  refuseBreakGlass(row)
  const result = await deprovisionPerson(id, changeBy(ctx))
  if (!result.ok) throw scimFailure(404, `Resource ${id} not found`)
  await sendLifecycleNotice('deprovisioned', { userId: id, addresses: result.addresses, context: ctx.context })
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

export async function patchUser(id: string, body: unknown, call: ScimCall) {
  scimBase()
  return new SCIMMY.Resources.User(id).patch(withBooleanActive(body) as NonNullable<ConstructorParameters<typeof SCIMMY.Messages.PatchOp>[0]>, call)
}

export async function deleteUser(id: string, call: ScimCall) {
  scimBase()
  await new SCIMMY.Resources.User(id).dispose(call)
}
