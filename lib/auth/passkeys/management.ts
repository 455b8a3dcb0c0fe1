import 'server-only'
import { db } from '../../db'
import { describeUserAgent } from '../../user-agent'
import { passkeyProvider } from './providers'

export const PASSKEY_NAME_MAX = 60

export const splitTransports = (value: string | null): string[] => (value ? value.split(',').filter(Boolean) : [])
// Management: every query is scoped by userId

export type PasskeySummary = {
  id: string
  credentialId: string
  name: string
  providerName: string | null
  iconLight: string | null
  iconDark: string | null
  /** Backup eligible: lives in a password manager that syncs it to the user's other devices. */
  synced: boolean
  backedUp: boolean
  transports: string[]
  createdAt: Date
  lastUsedAt: Date | null
  createdFrom: string
}

export async function listPasskeys(userId: string): Promise<PasskeySummary[]> {
  const rows = await db().passkey.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      credentialId: true,
      name: true,
      aaguid: true,
      backupEligible: true,
      backedUp: true,
      transports: true,
      createdAt: true,
      lastUsedAt: true,
      createdUserAgent: true,
    },
  })
  return rows.map((row) => {
    const provider = passkeyProvider(row.aaguid)
    return {
      id: row.id,
      credentialId: row.credentialId,
      name: row.name,
      providerName: provider.name,
      iconLight: provider.iconLight,
      iconDark: provider.iconDark,
      synced: row.backupEligible,
      backedUp: row.backedUp,
      transports: splitTransports(row.transports),
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      createdFrom: describeUserAgent(row.createdUserAgent),
    }
  })
}

export async function countPasskeys(userId: string): Promise<number> {
  return db().passkey.count({ where: { userId } })
}

/** Renames one of the user's passkeys; false if it isn't theirs (or no longer exists). */
export async function renamePasskey(userId: string, passkeyId: string, name: string): Promise<{ previousName: string } | null> {
  const passkey = await db().passkey.findFirst({ where: { id: passkeyId, userId }, select: { name: true } })
  if (!passkey) return null
  const { count } = await db().passkey.updateMany({ where: { id: passkeyId, userId }, data: { name } })
  return count === 1 ? { previousName: passkey.name } : null
}

export type RemovalResult =
  { ok: true; passkey: { name: string; credentialId: string }; remainingCredentialIds: string[] } | { ok: false; reason: 'not_found' | 'last_method' }

/**
 * Removes a passkey unless it is the user's last way to sign in: another
 * passkey, or email sign-in to an address they have proven they control.
 * The user row is written first so concurrent removals for one user queue up
 * (a row lock on PostgreSQL; SQLite runs one writer at a time) and cannot
 * both remove "one of two".
 */
export async function removePasskey(userId: string, passkeyId: string, now = new Date()): Promise<RemovalResult> {
  return db().$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id: userId }, data: { updatedAt: now }, select: { emailVerifiedAt: true } })
    const passkeys = await tx.passkey.findMany({ where: { userId }, select: { id: true, name: true, credentialId: true } })
    const target = passkeys.find((passkey) => passkey.id === passkeyId)
    if (!target) return { ok: false, reason: 'not_found' } as const
    const others = passkeys.filter((passkey) => passkey.id !== passkeyId)
    if (others.length === 0 && !emailSignInAvailable(user)) return { ok: false, reason: 'last_method' } as const
    await tx.passkey.deleteMany({ where: { id: passkeyId, userId } })
    return {
      ok: true,
      passkey: { name: target.name, credentialId: target.credentialId },
      remainingCredentialIds: others.map((passkey) => passkey.credentialId),
    }
  })
}

/**
 * Whether email sign-in can get this user in: it is on for everyone today
 * (a per-group policy can switch it off later), and it only counts once the
 * user has proven the address by signing in with it.
 */
function emailSignInAvailable(user: { emailVerifiedAt: Date | null }): boolean {
  return user.emailVerifiedAt !== null
}

/** The credential IDs of a user's passkeys (for "is one of them on this device?"). */
export async function passkeyCredentialIds(userId: string): Promise<string[]> {
  const rows = await db().passkey.findMany({ where: { userId }, select: { credentialId: true } })
  return rows.map((row) => row.credentialId)
}
