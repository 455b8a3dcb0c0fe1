import { randomBytes } from 'node:crypto'
import { db } from '../lib/db'
import type { ScimCall } from '../lib/scim/change'
import { scimErrorFor } from '../lib/scim/protocol'

/** What the SCIM tests share: a client, accounts to act on, and an error as the wire would carry it. */

export const HR: ScimCall = { client: 'HR system', context: { ipAddress: '198.51.100.7', userAgent: 'scim-test' } }

export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error'

export const patchOp = (...Operations: object[]) => ({ schemas: [PATCH_OP], Operations })

export function account(groupId: string, role: 'user' | 'helpdesk' | 'admin' = 'user') {
  const email = `scim-${role}-${randomBytes(4).toString('hex')}@example.com`
  return db().user.create({ data: { email, groupId, role, displayName: 'Before' }, select: { id: true, email: true } })
}

/** The status and body a SCIM call answers when it throws (lib/actions/scim-route.ts turns it into the response the same way). */
export async function refusal(call: Promise<unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    await call
  } catch (error) {
    const response = scimErrorFor(error)
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }
  throw new Error('The SCIM call succeeded')
}

export const stateOf = (id: string) =>
  db().user.findUniqueOrThrow({ where: { id }, select: { status: true, groupId: true, displayName: true, externalId: true } })

export const refusalsOf = (userId: string) =>
  db().auditEvent.findMany({ where: { userId, type: 'scim_request_refused' }, select: { result: true, reason: true, actorName: true, detail: true } })
