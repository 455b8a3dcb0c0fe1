import 'server-only'
import type { AuditEventInput } from '../audit/record'
import { db } from '../db'
import { findGroup } from '../policy/groups'
import type { UseCaseContext } from '../use-case'
import { readInvitationFile, type CsvRowResult } from './invitation-file'
import { inviteWithin, sendInvitation, type InviteOutcome, type InviteRow } from './invitations'
import type { Administrator } from './lifecycle'

/**
 * An administrator's invitations: one person, a file of them, a new link for
 * someone still invited, or the invitation withdrawn. The accounts, links and
 * history rows are written in one transaction; the emails go after the
 * response, once it has committed.
 */

/**
 * Invites people, all in one transaction with their history rows: a new
 * account (status invited) for an unknown address, a fresh link for someone
 * still invited (the old one stops), and nothing for an address that already
 * has an account in use. `detail` adds to each row's details (how they were
 * invited). Sends nothing: the use cases below do, once it has committed.
 */
export async function invitePeople(
  rows: InviteRow[],
  admin: Administrator,
  ctx: UseCaseContext,
  options: { detail?: AuditEventInput['detail']; now?: Date } = {},
): Promise<InviteOutcome[]> {
  const now = options.now ?? new Date()
  return db().$transaction(
    async (tx) => {
      const outcomes = await inviteWithin(tx, rows, admin.user.email, now)
      for (const outcome of outcomes) {
        if (outcome.result === 'already_member') continue
        const detail = { by: admin.user.email, ...options.detail }
        await ctx.audit({ type: 'invitation_sent', result: 'success', userId: outcome.userId, sessionId: null, detail }, tx)
      }
      return outcomes
    },
    // A file invites up to 1,000 people in one go.
    { timeout: 60_000 },
  )
}

/** Invites one person into a group: an account waiting for them, and an email with a single-use link (working until `expiresAt`). */
export async function invitePerson(
  input: InviteRow,
  admin: Administrator,
  ctx: UseCaseContext,
): Promise<{ ok: true; expiresAt: Date } | { ok: false; reason: 'group_not_found' | 'invite_member' }> {
  if (!(await findGroup(input.groupId))) return { ok: false, reason: 'group_not_found' }
  const [outcome] = await invitePeople([input], admin, ctx, { detail: { groupId: input.groupId } })
  if (!outcome?.expiresAt || outcome.result === 'already_member') return { ok: false, reason: 'invite_member' }
  ctx.later(() => sendInvitation(outcome))
  return { ok: true, expiresAt: outcome.expiresAt }
}

/**
 * Invites everyone in a CSV file (email, name, group; up to 1,000), the
 * default group being `groupId`. Each line gets a result (and, when invited,
 * when its link stops working); a file that is not such a file invites nobody.
 */
export async function inviteFromFile(
  input: { text: string; groupId: string },
  admin: Administrator,
  ctx: UseCaseContext,
): Promise<{ ok: true; invited: number; results: CsvRowResult[] } | { ok: false; reason: 'group_not_found' | 'csv_empty' | 'csv_too_many' }> {
  if (!(await findGroup(input.groupId))) return { ok: false, reason: 'group_not_found' }
  const file = await readInvitationFile(input.text, input.groupId)
  if (!file.ok) return file
  const outcomes = await invitePeople(file.rows, admin, ctx, { detail: { file: true } })
  const byEmail = new Map(outcomes.map((outcome) => [outcome.email, outcome]))
  const results = file.results.map((row) => {
    const outcome = byEmail.get(row.email)
    return outcome ? { ...row, result: outcome.result, ...(outcome.expiresAt ? { expiresAt: outcome.expiresAt } : {}) } : row
  })
  ctx.later(async () => {
    for (const outcome of outcomes) await sendInvitation(outcome)
  })
  return { ok: true, invited: outcomes.filter((outcome) => outcome.result !== 'already_member').length, results }
}

/** Sends a still-invited person a new link (working until `expiresAt`); the previous one stops working. */
export async function resendInvitation(
  input: { userId: string },
  admin: Administrator,
  ctx: UseCaseContext,
): Promise<{ ok: true; expiresAt: Date } | { ok: false; reason: 'person_not_found' | 'person_wrong_status' }> {
  const person = await db().user.findUnique({ where: { id: input.userId }, select: { email: true, displayName: true, groupId: true, status: true } })
  if (!person) return { ok: false, reason: 'person_not_found' }
  if (person.status !== 'invited') return { ok: false, reason: 'person_wrong_status' }
  const row = { email: person.email, name: person.displayName, groupId: person.groupId }
  const [outcome] = await invitePeople([row], admin, ctx, { detail: { resent: true } })
  // Accepted (or suspended) since it was read: no longer an invitation to send again.
  if (!outcome?.expiresAt || outcome.result === 'already_member') return { ok: false, reason: 'person_wrong_status' }
  ctx.later(() => sendInvitation(outcome))
  return { ok: true, expiresAt: outcome.expiresAt }
}

/** Withdraws a person's open invitations, with the history row; refused when none is open. */
export async function revokeInvitation(
  input: { userId: string },
  admin: Administrator,
  ctx: UseCaseContext,
): Promise<{ ok: true } | { ok: false; reason: 'person_wrong_status' }> {
  const now = new Date()
  return db().$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { userId: input.userId, usedAt: null, revokedAt: null }, data: { revokedAt: now } })
    if (count === 0) return { ok: false, reason: 'person_wrong_status' } as const
    await ctx.audit({ type: 'invitation_revoked', result: 'success', userId: input.userId, sessionId: null, detail: { by: admin.user.email } }, tx)
    return { ok: true } as const
  })
}
