import 'server-only'
import { createHash, randomBytes } from 'node:crypto'
import { db, type SignInMethod } from '../../db'
import { env } from '../../env'
import type { RequestContext } from '../../web/request-context'
import { personalPolicy, sessionEndsAt } from '../../policy/decide'
import { deviceFamilies } from './device-report'
import { readPolicy, type Policy } from '../../policy/schema'

export type { SignInMethod }

/** How often "last seen" is written at most; also how fast the idle timer moves. */
export const SESSION_TOUCH_SECONDS = 60

/** A recovery session (it can only add a passkey or make recovery codes) ends after 15 minutes whatever happens. */
export const RECOVERY_SESSION_SECONDS = 15 * 60

/** 256 random bits: the cookie carries this; the database keeps only its SHA-256. */
export function newSessionSecret(): string {
  return randomBytes(32).toString('base64url')
}

export function hashSessionSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

export type SessionUser = {
  id: string
  email: string
  displayName: string | null
  role: 'user' | 'helpdesk' | 'admin'
  /** The saved language and time zone (null: none saved), read with the session for every page's words and times. */
  locale: string | null
  timeZone: string | null
}

export type ActiveSession = {
  /** The public id of the session (the hash), safe to show and to revoke by. */
  id: string
  method: SignInMethod
  createdAt: Date
  lastSeenAt: Date
  expiresAt: Date
  /** When the user last proved who they are: at sign-in, or a later step-up. */
  verifiedAt: Date
  /** How that proof was made. */
  verifiedMethod: SignInMethod
  /** Whether the passkey behind the sign-in or last passkey step-up was device-bound; null when none was used. */
  passkeyDeviceBound: boolean | null
  /** The app request (OpenID Connect interaction id) the last step-up was made for on the confirmation page; null = none. */
  verifiedFor: string | null
  /** The app sign-in session (lib/oidc) this browser used, if it signed in to an app during this session. */
  appSessionId: string | null
  user: SessionUser
  groupId: string
  /** The policy of the user's group, read in the same statement. */
  policy: Policy
  hasPasskey: boolean
  /** A recovery of the account by email alone is waiting (lib/recovery/waiting-recovery.ts): its pages show the banner that stops it. */
  recoveryWaiting: boolean
}

export type IssuedSession = { secret: string; sessionId: string; cookieExpires: Date }

function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000)
}

/** The moment this session times out: idle limit from last activity, capped by the absolute limit. */
export function sessionDeadline(session: Pick<ActiveSession, 'lastSeenAt' | 'expiresAt'>): Date {
  const idle = addSeconds(session.lastSeenAt, env().session.idleTimeoutSeconds)
  return idle < session.expiresAt ? idle : session.expiresAt
}

/** Inserts a session row (one INSERT) and returns the secret for the cookie. */
export async function issueSession(
  userId: string,
  method: SignInMethod,
  context: RequestContext,
  now = new Date(),
  client: Pick<ReturnType<typeof db>, 'session'> = db(),
  extra: { passkeyDeviceBound?: boolean; capabilities?: string | null } = {},
): Promise<IssuedSession> {
  const secret = newSessionSecret()
  const expiresAt = addSeconds(now, method === 'recovery' ? RECOVERY_SESSION_SECONDS : env().session.absoluteTimeoutSeconds)
  const { id } = await client.session.create({
    data: {
      id: hashSessionSecret(secret),
      userId,
      method,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
      ...deviceFamilies(context.userAgent),
      capabilities: extra.capabilities ?? null,
      passkeyDeviceBound: method === 'passkey' ? (extra.passkeyDeviceBound ?? null) : null,
    },
    select: { id: true },
  })
  return { secret, sessionId: id, cookieExpires: sessionDeadline({ lastSeenAt: now, expiresAt }) }
}

type SessionRow = {
  id: string
  method: SignInMethod
  createdAt: Date
  lastSeenAt: Date
  expiresAt: Date
  verifiedAt: Date | null
  verifiedMethod: SignInMethod | null
  passkeyDeviceBound: boolean | number | null
  verifiedFor: string | null
  appSessionId: string | null
  userId: string
  groupId: string
  email: string
  displayName: string | null
  role: SessionUser['role']
  locale: string | null
  timeZone: string | null
  status: 'invited' | 'active' | 'suspended' | 'deprovisioned'
  policy: string | null
  passkeyOnlySince: Date | string | null
  hasPasskey: boolean | number
  recoveryWaiting: boolean | number
}

/**
 * The session for a cookie secret, if it exists, is within its idle and
 * absolute timeouts and belongs to an active user. One SQL statement: a
 * primary-key lookup joined to its user and the user's group (Prisma would
 * send a query per relation on SQLite), with whether the user has a passkey
 * (index on Passkey.userId); the time, policy and status checks happen here.
 * The group's timeouts apply from the row's own times, so shortening them
 * ends longer sessions on their next request.
 */
export async function findActiveSession(secret: string, now = new Date()): Promise<ActiveSession | null> {
  if (secret.length === 0 || secret.length > 128) return null
  const rows = await db().$queryRaw<SessionRow[]>`
    SELECT s."id", s."method", s."createdAt", s."lastSeenAt", s."expiresAt", s."verifiedAt", s."verifiedMethod", s."passkeyDeviceBound", s."verifiedFor", s."appSessionId",
           u."id" AS "userId", u."groupId", u."email", u."displayName", u."role", u."locale", u."timeZone", u."status", g."policy", u."passkeyOnlySince",
           EXISTS (SELECT 1 FROM "Passkey" p WHERE p."userId" = u."id") AS "hasPasskey",
           EXISTS (SELECT 1 FROM "PendingRecovery" r WHERE r."userId" = u."id" AND r."status" = 'waiting') AS "recoveryWaiting"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId" LEFT JOIN "Group" g ON g."id" = u."groupId"
    WHERE s."id" = ${hashSessionSecret(secret)}`
  const row = rows[0]
  if (!row || row.status !== 'active') return null
  const session = {
    id: row.id,
    method: row.method,
    createdAt: new Date(row.createdAt),
    lastSeenAt: new Date(row.lastSeenAt),
    expiresAt: new Date(row.expiresAt),
    verifiedAt: new Date(row.verifiedAt ?? row.createdAt),
    verifiedMethod: row.verifiedMethod ?? row.method,
    passkeyDeviceBound: row.passkeyDeviceBound === null ? null : row.passkeyDeviceBound === true || Number(row.passkeyDeviceBound) === 1,
    verifiedFor: row.verifiedFor,
    appSessionId: row.appSessionId,
    groupId: row.groupId,
    user: { id: row.userId, email: row.email, displayName: row.displayName, role: row.role, locale: row.locale, timeZone: row.timeZone },
    policy: personalPolicy(readPolicy(row.policy), row.passkeyOnlySince !== null),
    // SQLite answers booleans as 0 and 1.
    hasPasskey: row.hasPasskey === true || Number(row.hasPasskey) === 1,
    recoveryWaiting: row.recoveryWaiting === true || Number(row.recoveryWaiting) === 1,
  }
  const ends = Math.min(sessionDeadline(session).getTime(), sessionEndsAt(session.policy, session).getTime())
  return ends > now.getTime() ? session : null
}

/** Records activity (which restarts the idle timer), at most once per SESSION_TOUCH_SECONDS. */
export async function touchSession(secret: string, now = new Date()): Promise<void> {
  await db().session.updateMany({
    where: { id: hashSessionSecret(secret), lastSeenAt: { lte: addSeconds(now, -SESSION_TOUCH_SECONDS) } },
    data: { lastSeenAt: now },
  })
}

/**
 * Ends one session of a user; the browser holding it is signed out on its
 * next request. Null when the user has no such session; else the app
 * sign-in session that browser used, whose app sessions end with it. In
 * `client`'s transaction when given.
 */
export async function revokeSession(
  userId: string,
  sessionId: string,
  client: Pick<ReturnType<typeof db>, 'session'> = db(),
): Promise<{ appSessionId: string | null } | null> {
  const row = await client.session.findFirst({ where: { id: sessionId, userId }, select: { appSessionId: true } })
  if (!row) return null
  await client.session.deleteMany({ where: { id: sessionId, userId } })
  return row
}

/** Records the app sign-in session this browser uses (lib/oidc), when it is not the one recorded already. */
export async function recordAppSession(session: Pick<ActiveSession, 'id' | 'appSessionId'>, appSessionId: string): Promise<void> {
  if (session.appSessionId === appSessionId) return
  await db().session.updateMany({ where: { id: session.id }, data: { appSessionId } })
}

/** How many other sessions a user has, to offer signing them out. */
export async function countOtherSessions(userId: string, keepSessionId: string, now = new Date()): Promise<number> {
  return db().session.count({ where: { userId, id: { not: keepSessionId }, expiresAt: { gt: now } } })
}

export async function deleteSessionBySecret(secret: string, client: Pick<ReturnType<typeof db>, 'session'> = db()): Promise<void> {
  await client.session.deleteMany({ where: { id: hashSessionSecret(secret) } })
}
