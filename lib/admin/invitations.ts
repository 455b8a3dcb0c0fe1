import 'server-only'
import { createHash, randomBytes } from 'node:crypto'
import { db, type Transaction } from '../db'
import { sendEmail } from '../email/send'
import { invitationEmail } from '../email/templates/invitation'
import { emailTranslator } from '../email/words'
import { env } from '../env'
import { recipientPreferences } from '../i18n/preferences'
import { readPolicy } from '../policy/schema'
import type { Audit } from '../audit/record'

/**
 * Invitations: an administrator brings someone in with a single-use link
 * (256 random bits; only its SHA-256 is stored), valid for the invitation
 * lifetime of the person's group. Opening the link changes nothing; its
 * button accepts it, once, in one conditional UPDATE.
 */

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')
const HOUR = 3_600_000

export type InviteRow = { email: string; name: string | null; groupId: string }
export type InviteOutcome = { email: string; result: 'invited' | 'reinvited' | 'already_member' } & {
  userId?: string
  token?: string
  expiresAt?: Date
  /** The language and zone the invited person saved, if any (someone invited again may have): the email's. */
  saved?: { locale: string | null; timeZone: string | null }
}

/** The accounts and links of an invitation, in the caller's transaction (with its history rows: ./inviting.ts, a SCIM create). */
export async function inviteWithin(tx: Transaction, rows: InviteRow[], invitedBy: string, now = new Date()): Promise<InviteOutcome[]> {
  const groups = new Map((await tx.group.findMany({ select: { id: true, policy: true } })).map((group) => [group.id, readPolicy(group.policy)]))
  const outcomes: InviteOutcome[] = []
  for (const row of rows) {
    const policy = groups.get(row.groupId)
    if (!policy) throw new Error(`Unknown group ${row.groupId}`)
    const existing = await tx.user.findUnique({ where: { email: row.email }, select: { id: true, status: true, locale: true, timeZone: true } })
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
    const saved = existing ? { locale: existing.locale, timeZone: existing.timeZone } : undefined
    outcomes.push({ email: row.email, result: existing ? 'reinvited' : 'invited', userId: user.id, token, expiresAt, saved })
  }
  return outcomes
}

/**
 * Emails the invitation link, in the language the person saved, else the
 * organisation's (never the inviting administrator's), its expiry in their
 * zone or the organisation's, named.
 */
export async function sendInvitation(outcome: InviteOutcome, now = new Date()): Promise<void> {
  if (!outcome.token || !outcome.expiresAt) return
  const { appName, appUrl } = env()
  const tr = emailTranslator(recipientPreferences(outcome.saved ?? { locale: null, timeZone: null }, null, false))
  await sendEmail(
    outcome.email,
    await invitationEmail(tr, { appName, link: `${appUrl}/invite?token=${outcome.token}`, sentAt: now, expiresAt: outcome.expiresAt }),
    { tag: { kind: 'invitation', userId: outcome.userId } },
  )
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
