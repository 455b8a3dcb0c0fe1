import 'server-only'
import { anchorNewestHead, type AnchorCheck } from './audit/anchor'
import { sealPending } from './audit/chain'
import { pruneSealed } from './audit/retention'
import type { VerifyProblem } from './audit/verify'
import { recordEvent } from './audit/record'
import { db } from './db'
import { env } from './env'
import { deleteExpiredOidcPayloads } from './oidc/adapter'
import { endAppSessionsOfTimedOutSessions } from './oidc/app-sessions'
import { deleteRetiredKeys } from './oidc/keys'
import { removeRecalledPasskeys } from './authenticators/recall'

/**
 * `npm run maintenance`: prunes what is no longer needed, safe to run from
 * cron as often as wanted (a second run finds nothing to do). Everything is
 * decided by the `now` it is given.
 */

const DAY_MS = 86_400_000

/** Emailed-code requests are kept a day after they were made, so late clicks still get "this link has expired" rather than "invalid". */
const EMAIL_CHALLENGE_KEEP_MS = DAY_MS
/** Texted-code requests too: a day, for "this code has expired" rather than "start again". */
const TEXT_CHALLENGE_KEEP_MS = DAY_MS
/**
 * A claimed WebAuthn challenge's row is what refuses a second answer to the
 * same sealed token; it stays an hour past the token's expiry, so a server
 * whose clock lags this one's still finds it while it accepts the token.
 */
const WEBAUTHN_CLAIM_KEEP_MS = 60 * 60_000
/** The development mailbox keeps 30 days of messages. */
const MAILBOX_KEEP_MS = 30 * DAY_MS
/** What the provider said about a message is kept 90 days (the helpdesk's view, the dashboard's longest period). */
const EMAIL_DELIVERY_KEEP_MS = 90 * DAY_MS
/** A waiting recovery's row is kept a week past its end (its story stays in the history). */
const PENDING_RECOVERY_KEEP_MS = 7 * DAY_MS
/** A webhook id is kept a day: the signature's timestamp tolerance (five minutes) refuses anything older anyway. */
const EMAIL_WEBHOOK_KEEP_MS = DAY_MS

export type MaintenanceReport = {
  emailChallenges: number
  textChallenges: number
  webAuthnChallenges: number
  rateLimits: number
  sessions: number
  /** Provider sessions of the timed-out portal sessions, ended with them (their apps told by back-channel logout). */
  appSessionsEnded: number
  accessCodesExpired: number
  historyEventsSealed: number
  /** Rows that turned up behind the sealed head and were kept out of the chain (lib/audit/chain.ts). */
  historyEventsRefused: number
  historyEvents: number
  mailboxMessages: number
  emailDeliveries: number
  emailWebhookEvents: number
  pendingRecoveries: number
  /** Passkeys of a recalled authenticator model past the moment an administrator chose (lib/authenticators/recall.ts). */
  recalledPasskeys: number
  /** OpenID Connect codes, tokens, grants and sessions past their lifetime, and signing keys retired for over a day. */
  appArtifacts: number
  retiredSigningKeys: number
  /** 1 when the newest head was appended to AUDIT_ANCHOR_FILE (lib/audit/anchor.ts). */
  historyHeadAnchored: number
  /** Set when the history's oldest rows no longer verify: they are kept, for an administrator to look at. */
  historyProblem: VerifyProblem | null
  /** Set when the head anchored before is no longer in the chain (or the file cannot be read): nothing was appended. */
  anchorProblem: AnchorCheck | null
}

/** Portal sessions past their absolute lifetime or idle too long at `now`. */
function timedOutSessions(now: Date) {
  const idleCutoff = new Date(now.getTime() - env().session.idleTimeoutSeconds * 1000)
  return { OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: idleCutoff } }] }
}

/**
 * No silent end (ADR 37): the app sessions of portal sessions that timed out end with them, before those
 * are deleted: logout tokens to the apps, their grants revoked (lib/oidc/app-sessions.ts). Returns how many ended.
 */
export async function endTimedOutAppSessions(now = new Date()): Promise<number> {
  return endAppSessionsOfTimedOutSessions(
    await db().session.findMany({ where: { ...timedOutSessions(now), appSessionId: { not: null } }, select: { userId: true, appSessionId: true } }),
  )
}

export async function runMaintenance(now = new Date()): Promise<MaintenanceReport> {
  const { historyRetentionSeconds } = env()

  // Access codes that ran out unused: marked and logged once, with who they were for (the audit keeps the story).
  const expiring = await db().accessCode.findMany({
    where: { status: 'active', expiresAt: { lte: now } },
    select: { id: true, userId: true, requestedById: true },
  })
  let accessCodesExpired = 0
  for (const code of expiring) {
    const { count } = await db().accessCode.updateMany({ where: { id: code.id, status: 'active' }, data: { status: 'expired' } })
    if (count === 0) continue
    accessCodesExpired++
    await recordEvent(
      { type: 'access_code_expired', result: 'success', userId: code.userId, detail: { accessCodeId: code.id, agentId: code.requestedById } },
      now,
    )
  }

  // The history is sealed before old rows go, and pruned only as a verified prefix (lib/audit/retention.ts).
  const { sealed, refused } = await sealPending(now)
  const history = await pruneSealed(new Date(now.getTime() - historyRetentionSeconds * 1000), now)
  // The newest head goes outside the database once sealed and pruned, so cutting it off later shows.
  const anchoring = await anchorNewestHead(now)

  const recalledPasskeys = await removeRecalledPasskeys(now)

  const timedOut = timedOutSessions(now)
  const appSessionsEnded = await endTimedOutAppSessions(now)

  const [
    emailChallenges,
    textChallenges,
    webAuthnChallenges,
    rateLimits,
    sessions,
    mailboxMessages,
    emailDeliveries,
    emailWebhookEvents,
    pendingRecoveries,
    appArtifacts,
    retiredSigningKeys,
  ] = await Promise.all([
    db().emailChallenge.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - EMAIL_CHALLENGE_KEEP_MS) } } }),
    db().smsChallenge.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - TEXT_CHALLENGE_KEEP_MS) } } }),
    db().webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - WEBAUTHN_CLAIM_KEEP_MS) } } }),
    db().rateLimit.deleteMany({ where: { expire: { lt: BigInt(now.getTime()) } } }),
    db().session.deleteMany({ where: timedOut }),
    db().mailboxMessage.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - MAILBOX_KEEP_MS) } } }),
    db().emailDelivery.deleteMany({ where: { sentAt: { lt: new Date(now.getTime() - EMAIL_DELIVERY_KEEP_MS) } } }),
    db().emailWebhookEvent.deleteMany({ where: { receivedAt: { lt: new Date(now.getTime() - EMAIL_WEBHOOK_KEEP_MS) } } }),
    db().pendingRecovery.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - PENDING_RECOVERY_KEEP_MS) } } }),
    deleteExpiredOidcPayloads(now),
    deleteRetiredKeys(now),
  ])
  return {
    emailChallenges: emailChallenges.count,
    textChallenges: textChallenges.count,
    webAuthnChallenges: webAuthnChallenges.count,
    rateLimits: rateLimits.count,
    sessions: sessions.count,
    appSessionsEnded,
    accessCodesExpired,
    historyEventsSealed: sealed,
    historyEventsRefused: refused,
    historyEvents: history.pruned,
    mailboxMessages: mailboxMessages.count,
    emailDeliveries: emailDeliveries.count,
    emailWebhookEvents: emailWebhookEvents.count,
    pendingRecoveries: pendingRecoveries.count,
    recalledPasskeys,
    appArtifacts,
    retiredSigningKeys,
    historyHeadAnchored: anchoring.status === 'anchored' ? 1 : 0,
    historyProblem: history.problem,
    anchorProblem: anchoring.status === 'refused' ? anchoring.check : null,
  }
}
