import { randomBytes } from 'node:crypto'
import { db } from '../../lib/db'
import { policySchema, type Policy } from '../../lib/policy/schema'

/** A group of its own for one test, so tests that change a policy never touch another's. */
export async function groupWith(policy: Partial<Record<keyof Policy, unknown>>): Promise<string> {
  const group = await db().group.create({
    data: { name: `Test group ${randomBytes(4).toString('hex')}`, policy: JSON.stringify(policySchema.parse(policy)) },
    select: { id: true },
  })
  return group.id
}

/** A user in a group (and a role), deleted by the caller's cleanup or the next reset. */
export async function userIn(groupId: string, role: 'user' | 'helpdesk' | 'admin' = 'user') {
  const email = `${groupId.slice(0, 12)}-${randomBytes(4).toString('hex')}@example.com`.toLowerCase()
  return db().user.create({ data: { email, groupId, role, displayName: 'Policy Person' }, select: { id: true, email: true, displayName: true } })
}

/** A passkey row for an account, so a policy that requires one is satisfied (no ceremony uses it); `aaguid` names its model. */
export function passkeyRow(userId: string, options: { aaguid?: string } = {}) {
  const id = randomBytes(8).toString('hex')
  return db().passkey.create({
    data: {
      userId,
      name: 'Row',
      credentialId: `row-${id}`,
      publicKey: new Uint8Array([1]),
      aaguid: options.aaguid ?? '00000000-0000-0000-0000-000000000000',
      backupEligible: false,
      backedUp: false,
      createdAt: new Date(),
    },
  })
}

/** Moves a session's last activity back, as the server's clock would see it after that many idle minutes. */
export async function idleFor(sessionId: string, minutes: number) {
  await db().session.update({ where: { id: sessionId }, data: { lastSeenAt: new Date(Date.now() - minutes * 60_000) } })
}
