import 'server-only'
import { db } from '../../db'
import type { UseCaseContext } from '../../use-case'
import { userAgentParts } from '../../user-agent'
import { sendPasskeyNotice } from './notices'
import { passkeyProvider } from './providers'
import { signalsOf, type PasskeySignals, type SignalledUser } from './signals'

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
  /** The browser it was created in, as far as its user agent says. */
  createdFrom: ReturnType<typeof userAgentParts>
  /** The model its attestation proved at registration; null when the AAGUID is the authenticator's claim. */
  verifiedModel: string | null
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
      verifiedModel: true,
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
      createdFrom: userAgentParts(row.createdUserAgent),
      verifiedModel: row.verifiedModel,
    }
  })
}

export async function countPasskeys(userId: string): Promise<number> {
  return db().passkey.count({ where: { userId } })
}

export type RenamePasskeyOutcome = { ok: true } | { ok: false; reason: 'not_found' }

/** Renames one of the person's passkeys; not_found if it isn't theirs (or no longer exists). */
export async function renamePasskey(
  input: { passkeyId: string; name: string },
  session: { user: { id: string } },
  ctx: Pick<UseCaseContext, 'audit'>,
): Promise<RenamePasskeyOutcome> {
  const userId = session.user.id
  const passkey = await db().passkey.findFirst({ where: { id: input.passkeyId, userId }, select: { name: true } })
  if (!passkey) return { ok: false, reason: 'not_found' }
  const { count } = await db().passkey.updateMany({ where: { id: input.passkeyId, userId }, data: { name: input.name } })
  if (count !== 1) return { ok: false, reason: 'not_found' }
  await ctx.audit({ type: 'passkey_renamed', result: 'success', detail: { passkeyId: input.passkeyId, from: passkey.name, to: input.name } })
  return { ok: true }
}

/** What the browser needs after a removal to tell its passkey provider (Signal API), and the name removed. */
export type RemovePasskeyOutcome =
  { ok: true; name: string; removedCredentialId: string; signals: PasskeySignals } | { ok: false; reason: 'not_found' | 'last_method' }

/**
 * Removes a passkey unless it is the person's last way to sign in: another
 * passkey, or email sign-in to an address they have proven they control.
 * The user row is written first so concurrent removals for one user queue up
 * (a row lock on PostgreSQL; SQLite runs one writer at a time) and cannot
 * both remove "one of two". The removal and its history row are one
 * transaction; the person is told after the response.
 */
export async function removePasskey(
  input: { passkeyId: string },
  session: { user: { id: string; email: string; displayName: string | null } },
  ctx: Pick<UseCaseContext, 'audit' | 'later' | 'request'>,
  now = new Date(),
): Promise<RemovePasskeyOutcome> {
  const userId = session.user.id
  const { passkeyId } = input
  const result = await db().$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id: userId }, data: { updatedAt: now }, select: { emailVerifiedAt: true, passkeyOnlySince: true } })
    const passkeys = await tx.passkey.findMany({ where: { userId }, select: { id: true, name: true, credentialId: true } })
    const target = passkeys.find((passkey) => passkey.id === passkeyId)
    if (!target) return { ok: false, reason: 'not_found' } as const
    const others = passkeys.filter((passkey) => passkey.id !== passkeyId)
    if (others.length === 0 && !emailSignInAvailable(user)) return { ok: false, reason: 'last_method' } as const
    await tx.passkey.deleteMany({ where: { id: passkeyId, userId } })
    await ctx.audit({ type: 'passkey_removed', result: 'success', detail: { passkeyId, name: target.name } }, tx)
    return { ok: true, target, remaining: others.map((passkey) => passkey.credentialId) } as const
  })
  if (!result.ok) {
    await ctx.audit({ type: 'passkey_removed', result: 'failure', reason: result.reason })
    return result
  }
  const { name, credentialId } = result.target
  ctx.later(() => sendPasskeyNotice('removed', { userId, passkeyName: name, context: ctx.request }))
  return { ok: true, name, removedCredentialId: credentialId, signals: signalsOf(session.user, result.remaining) }
}

/**
 * Whether email sign-in can get this user in: it is on for everyone today
 * (a per-group policy can switch it off later), and it only counts once the
 * user has proven the address by signing in with it.
 */
function emailSignInAvailable(user: { emailVerifiedAt: Date | null; passkeyOnlySince: Date | null }): boolean {
  // Someone who chose passkeys only has no email sign-in to fall back on.
  return user.emailVerifiedAt !== null && user.passkeyOnlySince === null
}

/** The credential IDs of a user's passkeys (for "is one of them on this device?"). */
export async function passkeyCredentialIds(userId: string): Promise<string[]> {
  const rows = await db().passkey.findMany({ where: { userId }, select: { credentialId: true } })
  return rows.map((row) => row.credentialId)
}

/** The signed-in person's passkey signals (./signals.ts), with the credential IDs of every passkey we hold for them. */
export async function passkeySignals(user: SignalledUser): Promise<PasskeySignals> {
  return signalsOf(user, await passkeyCredentialIds(user.id))
}
