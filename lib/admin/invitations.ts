import 'server-only'
import { createHash, randomBytes } from 'node:crypto'
import { db, type Transaction } from '../db'
import { sendEmail } from '../email/send'
import { invitationEmail } from '../email/templates/invitation'
import { env } from '../env'
import { readPolicy } from '../policy/schema'
import type { Audit, AuditEventInput } from '../audit/record'
import type { AdminChange } from './lifecycle'

/**
 * Invitations: an administrator brings someone in with a single-use link
 * (256 random bits; only its SHA-256 is stored), valid for the invitation
 * lifetime of the person's group. Opening the link changes nothing; its
 * button accepts it, once, in one conditional UPDATE.
 */

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')
const HOUR = 3_600_000

export type InviteRow = { email: string; name: string | null; groupId: string }
export type InviteOutcome = { email: string; result: 'invited' | 'reinvited' | 'already_member' } & { userId?: string; token?: string; expiresAt?: Date }

/**
 * Invites people, all in one transaction with their history rows: a new
 * account (status invited) for an unknown address, a fresh link for someone
 * still invited (the old one stops), and nothing for an address that already
 * has an account in use. `detail` adds to each row's details (how they were
 * invited).
 */
export async function invitePeople(
  rows: InviteRow[],
  change: AdminChange,
  options: { detail?: AuditEventInput['detail']; now?: Date } = {},
): Promise<InviteOutcome[]> {
  const now = options.now ?? new Date()
  return db().$transaction(
    async (tx) => {
      const outcomes = await inviteWithin(tx, rows, change.by, now)
      for (const outcome of outcomes) {
        if (outcome.result === 'already_member') continue
        const detail = { by: change.by, ...options.detail }
        await change.audit({ type: 'invitation_sent', result: 'success', userId: outcome.userId, sessionId: null, detail }, tx)
      }
      return outcomes
    },
    // A file invites up to 1,000 people in one go.
    { timeout: 60_000 },
  )
}

/** invitePeople's writes in the caller's transaction (a SCIM create is one transaction with its own history rows). */
export async function inviteWithin(tx: Transaction, rows: InviteRow[], invitedBy: string, now = new Date()): Promise<InviteOutcome[]> {
  const groups = new Map((await tx.group.findMany({ select: { id: true, policy: true } })).map((group) => [group.id, readPolicy(group.policy)]))
  const outcomes: InviteOutcome[] = []
  for (const row of rows) {
    const policy = groups.get(row.groupId)
    if (!policy) throw new Error(`Unknown group ${row.groupId}`)
    const existing = await tx.user.findUnique({ where: { email: row.email }, select: { id: true, status: true } })
    if (existing && existing.status !== 'invited') {
      outcomes.push({ email: row.email, result: 'already_member' })
      continue
    }
    const user =
      existing ??
      (await tx.user.create({
        data: { email: row.email, displayName: row.name, nameKey: row.name?.toLowerCase() ?? null, groupId: row.groupId, status: 'invited' },
        select: { id: true },
      }))
    await tx.invitation.updateMany({ where: { userId: user.id, usedAt: null, revokedAt: null }, data: { revokedAt: now } })
    const token = randomBytes(32).toString('base64url')
    const expiresAt = new Date(now.getTime() + policy.lifetimes.invitationHours * HOUR)
    await tx.invitation.create({ data: { userId: user.id, tokenHash: sha256(token), invitedBy, createdAt: now, expiresAt }, select: { id: true } })
    outcomes.push({ email: row.email, result: existing ? 'reinvited' : 'invited', userId: user.id, token, expiresAt })
  }
  return outcomes
}

/** Emails the invitation link. */
export async function sendInvitation(outcome: InviteOutcome, now = new Date()): Promise<void> {
  if (!outcome.token || !outcome.expiresAt) return
  const { appName, appUrl } = env()
  const hours = Math.round((outcome.expiresAt.getTime() - now.getTime()) / HOUR)
  const expiresAt = `${new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(outcome.expiresAt)} UTC`
  await sendEmail(
    outcome.email,
    await invitationEmail({
      appName,
      link: `${appUrl}/invite?token=${outcome.token}`,
      validFor: hours % 24 === 0 ? `${hours / 24} days` : `${hours} hours`,
      expiresAt,
    }),
  )
}

/** Stops a person's open invitations, with the history row; true when one was open. */
export async function revokeInvitations(userId: string, change: AdminChange, now = new Date()): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { userId, usedAt: null, revokedAt: null }, data: { revokedAt: now } })
    if (count === 0) return false
    await change.audit({ type: 'invitation_revoked', result: 'success', userId, sessionId: null, detail: { by: change.by } }, tx)
    return true
  })
}

export type InvitationState = 'ready' | 'used' | 'revoked' | 'expired' | 'invalid'

const tokenLooksValid = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token)

/** What the invitation page shows for a token; reading it changes nothing. Inside a transaction, pass its client. */
export async function describeInvitation(
  token: string,
  now = new Date(),
  client: Pick<Transaction, 'invitation'> = db(),
): Promise<{ state: InvitationState; email?: string }> {
  if (!tokenLooksValid(token)) return { state: 'invalid' }
  const invitation = await client.invitation.findUnique({
    where: { tokenHash: sha256(token) },
    select: { usedAt: true, revokedAt: true, expiresAt: true, user: { select: { email: true, status: true } } },
  })
  if (!invitation) return { state: 'invalid' }
  if (invitation.usedAt) return { state: 'used' }
  if (invitation.revokedAt || invitation.user.status !== 'invited') return { state: 'revoked' }
  if (invitation.expiresAt <= now) return { state: 'expired' }
  return { state: 'ready', email: invitation.user.email }
}

/**
 * Accepts an invitation: one conditional UPDATE claims it (so two presses,
 * or two browsers, accept it once), then the account becomes active with its
 * address proven, recorded in the same transaction. Returns the account to
 * sign in, or why not (the caller's to record).
 */
export async function acceptInvitation(
  token: string,
  audit: Audit,
  now = new Date(),
): Promise<{ ok: true; userId: string } | { ok: false; state: Exclude<InvitationState, 'ready'> }> {
  if (!tokenLooksValid(token)) return { ok: false, state: 'invalid' }
  const tokenHash = sha256(token)
  return db().$transaction(async (tx) => {
    const [claimed] = await tx.invitation.updateManyAndReturn({
      where: { tokenHash, usedAt: null, revokedAt: null, expiresAt: { gt: now }, user: { is: { status: 'invited' } } },
      data: { usedAt: now },
      select: { userId: true },
    })
    if (!claimed) {
      const state = await describeInvitation(token, now, tx)
      return { ok: false, state: state.state === 'ready' ? 'used' : state.state }
    }
    await tx.user.update({ where: { id: claimed.userId }, data: { status: 'active', emailVerifiedAt: now, statusChangedAt: now }, select: { id: true } })
    await audit({ type: 'invitation_accepted', result: 'success', userId: claimed.userId }, tx)
    return { ok: true, userId: claimed.userId }
  })
}
