import 'server-only'
import { validIpAddress } from '../../web/client-address'
import { db } from '../../db'
import { env } from '../../env'
import { userAgentParts } from '../../user-agent'
import type { SignInMethod } from './store'

export type SessionView = {
  id: string
  /** What the browser is, as far as its user agent says: the page puts it in words. */
  device: ReturnType<typeof userAgentParts>
  ipAddress: string | null
  method: SignInMethod
  createdAt: Date
  lastSeenAt: Date
  current: boolean
}

/** The user's live sessions (within both timeouts), this browser's first, then the most recently active. */
export async function listSessions(userId: string, currentSessionId: string, now = new Date()): Promise<SessionView[]> {
  const idleCutoff = new Date(now.getTime() - env().session.idleTimeoutSeconds * 1000)
  const rows = await db().session.findMany({
    where: { userId, expiresAt: { gt: now }, lastSeenAt: { gt: idleCutoff } },
    orderBy: { lastSeenAt: 'desc' },
    take: 100,
    select: { id: true, userAgent: true, ipAddress: true, method: true, createdAt: true, lastSeenAt: true },
  })
  return rows
    .map((row) => ({
      id: row.id,
      device: userAgentParts(row.userAgent),
      ipAddress: validIpAddress(row.ipAddress),
      method: row.method,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      current: row.id === currentSessionId,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current))
}
