import 'server-only'
import { maskPhoneNumber } from '../sms/phone-number'
import { describeEvent } from '../activity/event-words'
import { passkeyProvider } from '../auth/passkeys/providers'
import { db } from '../db'
import { personDeliveries, type PersonDelivery } from '../email/delivery-views'
import { env } from '../env'
import { ambientTranslator } from '../i18n/ambient'
import type { Translator } from '../i18n/translator'
import { describeUserAgent } from '../user-agent'

/**
 * One person as administrators and the helpdesk see them: metadata only.
 * Passkeys without keys or credential IDs, recovery factors as counts and
 * flags, never codes or secrets; every query is scoped by the person's id.
 */
export type PersonDetail = {
  id: string
  email: string
  formerEmail: string | null
  displayName: string | null
  role: string
  status: 'invited' | 'active' | 'suspended' | 'deprovisioned'
  group: { id: string; name: string }
  createdAt: Date
  statusChangedAt: Date | null
  passkeys: {
    id: string
    name: string
    provider: string | null
    /** The model its attestation proved; null when the provider is the authenticator's claim. */
    verifiedModel: string | null
    synced: boolean
    createdAt: Date
    lastUsedAt: Date | null
    /** When a recall of its model stops it. */
    revokeAt: Date | null
  }[]
  /** `phone`: the number texted codes go to, masked (ADR 36), or null. */
  factors: { recoveryCodesLeft: number; totp: boolean; backupEmail: boolean; phone: string | null }
  /** Since when they chose to sign in with passkeys only (an access code for them then needs a second agent), or null. */
  passkeyOnlySince: Date | null
  sessions: { id: string; method: string; device: string; ipAddress: string | null; createdAt: Date; lastSeenAt: Date }[]
  activity: { id: string; title: string; result: string; at: Date; device: string }[]
  reports: { id: string; at: Date }[]
  /** The last emails sent to them and what the provider said became of each; `tracked` is false without the provider's webhook. */
  emails: { tracked: boolean; last: PersonDelivery[] }
  /** For someone still invited: when the newest open invitation link stops working (it may have already), or null when none is open. */
  invitation: { expiresAt: Date } | null
}

export async function personDetail(userId: string, now = new Date(), t: Translator['t'] = ambientTranslator().t): Promise<PersonDetail | null> {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      formerEmail: true,
      displayName: true,
      role: true,
      status: true,
      createdAt: true,
      statusChangedAt: true,
      passkeyOnlySince: true,
      backupEmailVerifiedAt: true,
      phone: true,
      group: { select: { id: true, name: true } },
      totpFactor: { select: { confirmedAt: true } },
    },
  })
  if (!user) return null
  const tracked = Boolean(env().email.webhookSecret)
  const [passkeys, codes, sessions, events, reports, invitation, emails] = await Promise.all([
    db().passkey.findMany({
      where: { userId },
      orderBy: { createdAt: 'asc' },
      select: { id: true, name: true, aaguid: true, verifiedModel: true, backupEligible: true, createdAt: true, lastUsedAt: true, revokeAt: true },
    }),
    db().recoveryCode.count({ where: { userId, usedAt: null } }),
    db().session.findMany({
      where: { userId, expiresAt: { gt: now } },
      orderBy: { lastSeenAt: 'desc' },
      select: { id: true, method: true, userAgent: true, ipAddress: true, createdAt: true, lastSeenAt: true },
    }),
    db().auditEvent.findMany({
      where: { userId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 20,
      select: { id: true, type: true, result: true, method: true, reason: true, detail: true, userAgent: true, createdAt: true },
    }),
    // Open reports, through ActivityReport (userId, createdAt).
    db().activityReport.findMany({
      where: { userId, status: 'open' },
      orderBy: { createdAt: 'desc' },
      take: 20,
      select: { id: true, createdAt: true },
    }),
    // Through Invitation (userId); someone invited has a handful at most.
    user.status === 'invited'
      ? db().invitation.findFirst({
          where: { userId, usedAt: null, revokedAt: null },
          orderBy: { createdAt: 'desc' },
          select: { expiresAt: true },
        })
      : null,
    // Through EmailDelivery (userId, sentAt).
    tracked ? personDeliveries(userId) : [],
  ])
  return {
    ...user,
    group: user.group,
    passkeys: passkeys.map((passkey) => ({
      id: passkey.id,
      name: passkey.name,
      provider: passkeyProvider(passkey.aaguid).name,
      verifiedModel: passkey.verifiedModel,
      synced: passkey.backupEligible,
      createdAt: passkey.createdAt,
      lastUsedAt: passkey.lastUsedAt,
      revokeAt: passkey.revokeAt,
    })),
    factors: {
      recoveryCodesLeft: codes,
      totp: Boolean(user.totpFactor?.confirmedAt),
      backupEmail: user.backupEmailVerifiedAt !== null,
      phone: user.phone ? maskPhoneNumber(user.phone) : null,
    },
    sessions: sessions.map((session) => ({
      id: session.id,
      method: session.method,
      device: describeUserAgent(session.userAgent),
      ipAddress: session.ipAddress,
      createdAt: session.createdAt,
      lastSeenAt: session.lastSeenAt,
    })),
    activity: events.map((event) => ({
      id: event.id,
      title: describeEvent(event, t).title,
      result: event.result,
      at: event.createdAt,
      device: describeUserAgent(event.userAgent),
    })),
    reports: reports.map((report) => ({ id: report.id, at: report.createdAt })),
    invitation,
    emails: { tracked, last: emails },
  }
}

/** The sign-in address of an account, or null when there is none. */
export async function personEmail(userId: string): Promise<string | null> {
  return (await db().user.findUnique({ where: { id: userId }, select: { email: true } }))?.email ?? null
}
