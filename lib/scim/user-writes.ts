import 'server-only'
import { deprovisionWithin, reactivateWithin, sendLifecycleNotice, suspendWithin } from '../admin/lifecycle'
import { inviteWithin, sendInvitation } from '../admin/invitations'
import type { Transaction } from '../db'
import { normalizeEmailAddress } from '../email/address'
import { noticeAddressee } from '../notices/addresses'
import { sendAppLogouts, type AppLogout } from '../oidc/app-sessions'
import { defaultGroupId } from '../policy/groups'
import { shownNameField } from '../web/form-fields'
import { scimActor, scimChange, type ScimAudit, type ScimCall } from './change'
import { findScimPeopleBy, findScimPerson, setExternalId, updateScimPerson, type ScimPersonRow } from './people'
import { scimFailure } from './protocol'
import { refuseUnlessScimMayChange } from './staff'

/**
 * What a SCIM User write does to an account (RFC 7643 §4.1 on the portal's
 * lifecycle): create invites, active: false suspends, active: true
 * reactivates, delete deprovisions. Each request is one transaction with its
 * history rows (lib/scim/change.ts); the person is told, as when an
 * administrator acts, once it has committed. Staff and the break-glass
 * account are refused before anything is written (lib/scim/staff.ts).
 */

export type Incoming = {
  userName?: string
  displayName?: string
  name?: { formatted?: string; givenName?: string; familyName?: string }
  externalId?: string
  active?: boolean
  roles?: unknown[]
  entitlements?: unknown[]
}

const nameField = shownNameField(0, 60, 'invite_name')

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

/** Roles are given in the portal only: a directory that sends one is told so (§3.12 mutability), not silently ignored. */
function refuseGrants(instance: Incoming): void {
  if (instance.roles?.length || instance.entitlements?.length) {
    throw scimFailure(400, 'Roles and entitlements are given in the portal, not through provisioning.', 'mutability')
  }
}

/** What is sent once a status change has committed: the person's notice and the apps' logouts. */
type StatusChange = { notice: 'suspended' | 'reactivated'; userId: string; logouts: AppLogout[] }

/** active: false suspends, true reactivates, in the request's transaction; null when the account is already so. */
async function changeStatus(tx: Transaction, userId: string, active: boolean, call: ScimCall, audit: ScimAudit): Promise<StatusChange | null> {
  const by = scimActor(call)
  if (active) {
    if (!(await reactivateWithin(tx, userId)).ok) return null
    await audit({ type: 'account_reactivated', result: 'success', userId, sessionId: null, detail: { by } })
    return { notice: 'reactivated', userId, logouts: [] }
  }
  const result = await suspendWithin(tx, userId)
  if (!result.ok) return null
  await audit({ type: 'account_suspended', result: 'success', userId, sessionId: null, detail: { by, sessionsEnded: result.sessionsEnded } })
  return { notice: 'suspended', userId, logouts: result.logouts }
}

async function announce(change: StatusChange | null, call: ScimCall): Promise<void> {
  if (!change) return
  sendAppLogouts(change.logouts)
  await sendLifecycleNotice(change.notice, { userId: change.userId, context: call.context })
}

/** POST /Users: invites the person into the default group; an address with an account (even one still invited) is a conflict. */
export async function createPerson(instance: Incoming, call: ScimCall): Promise<ScimPersonRow> {
  refuseGrants(instance)
  const address = normalizeEmailAddress(instance.userName ?? '')
  if (!address.ok) throw scimFailure(400, 'userName must be the person’s email address.', 'invalidValue')
  const name = readName(instance)
  const externalId = readExternalId(instance)
  const taken = () => scimFailure(409, 'An account with this userName already exists.', 'uniqueness')
  if ((await findScimPeopleBy('userName', address.email)).length > 0) throw taken()
  const groupId = await defaultGroupId()
  const { invitation, status } = await scimChange(call, async (tx, audit) => {
    // Checked again inside: an address taken meanwhile is refused, and its invitation is left as it was.
    const [outcome] = await inviteWithin(tx, [{ email: address.email, name, groupId }], scimActor(call))
    if (!outcome || outcome.result !== 'invited' || !outcome.userId) throw taken()
    if ((await setExternalId(tx, outcome.userId, externalId)) === 'taken') throw scimFailure(409, 'Another account has this externalId.', 'uniqueness')
    await audit({ type: 'invitation_sent', result: 'success', userId: outcome.userId, sessionId: null, detail: { by: scimActor(call) } })
    const status = instance.active === false ? await changeStatus(tx, outcome.userId, false, call, audit) : null
    return { invitation: outcome, status }
  })
  await sendInvitation(invitation)
  await announce(status, call)
  return (await findScimPerson(invitation.userId!))!
}

/** PUT /Users/{id}, and PATCH once scimmy has applied every Operation to the resource: name, externalId and active, together. */
export async function replacePerson(id: string, instance: Incoming, call: ScimCall): Promise<ScimPersonRow> {
  refuseGrants(instance)
  const address = normalizeEmailAddress(instance.userName ?? '')
  const displayName = readName(instance)
  const externalId = readExternalId(instance)
  const status = await scimChange(call, async (tx, audit) => {
    const current = await findScimPerson(id, tx)
    if (!current) throw scimFailure(404, `Resource ${id} not found`)
    refuseUnlessScimMayChange({ id, role: current.role, groupId: current.group.id }, 'update')
    // The sign-in address: a directory that could change it could hand the account to another mailbox.
    if (!address.ok || address.email !== current.email) {
      throw scimFailure(400, 'userName is the sign-in address: the person changes it in the portal, not through provisioning.', 'mutability')
    }
    const updated = await updateScimPerson(tx, id, { displayName, externalId })
    if (updated === 'taken') throw scimFailure(409, 'Another account has this externalId.', 'uniqueness')
    if (!updated) throw scimFailure(404, `Resource ${id} not found`)
    if (displayName !== current.displayName) {
      await audit({ type: 'profile_updated', result: 'success', userId: id, sessionId: null, detail: { by: scimActor(call) } })
    }
    const changesActive = instance.active !== undefined && instance.active !== (current.status !== 'suspended')
    return changesActive ? changeStatus(tx, id, instance.active!, call, audit) : null
  })
  await announce(status, call)
  return (await findScimPerson(id))!
}

/** DELETE /Users/{id}: deprovisions (the row stays for the history; 404 to SCIM from then on). */
export async function deprovisionScimPerson(id: string, call: ScimCall): Promise<void> {
  // Read before the address is replaced by the placeholder, so the notice reaches the person.
  const addressee = (await findScimPerson(id)) ? await noticeAddressee(id) : null
  const logouts = await scimChange(call, async (tx, audit) => {
    const row = await findScimPerson(id, tx)
    if (!row) throw scimFailure(404, `Resource ${id} not found`)
    refuseUnlessScimMayChange({ id, role: row.role, groupId: row.group.id }, 'deprovision')
    const result = await deprovisionWithin(tx, id)
    if (!result.ok) throw scimFailure(404, `Resource ${id} not found`)
    await audit({ type: 'account_deprovisioned', result: 'success', userId: id, sessionId: null, detail: { by: scimActor(call) } })
    return result.logouts
  })
  sendAppLogouts(logouts)
  await sendLifecycleNotice('deprovisioned', { userId: id, addressee, context: call.context })
}
