import 'server-only'
import { isRecentlyVerified, type CurrentSession } from '../auth/access'
import { db } from '../db'
import type { UseCaseContext } from '../use-case'

export type ProfileView = { email: string; displayName: string | null; newSignInNotices: boolean; createdAt: Date }

export async function getProfile(userId: string): Promise<ProfileView> {
  return db().user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, displayName: true, newSignInNotices: true, createdAt: true } })
}

/** Sets (or, with null, clears) the name shown in the portal and in emails; the history row keeps both names. */
export async function updateDisplayName(
  input: { displayName: string | null },
  session: { user: { id: string } },
  ctx: UseCaseContext,
): Promise<{ ok: true; displayName: string | null }> {
  const userId = session.user.id
  const { displayName } = input
  await db().$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { displayName: true } })
    await tx.user.update({ where: { id: userId }, data: { displayName, nameKey: displayName?.toLowerCase() ?? null }, select: { id: true } })
    await ctx.audit({ type: 'profile_updated', result: 'success', detail: { from: before.displayName, to: displayName } }, tx)
  })
  return { ok: true, displayName }
}

export type NoticesOutcome = { ok: true; enabled: boolean } | { ok: false; reason: 'step_up_required' }

/**
 * The one notice a user may turn off: new sign-ins from browsers not seen in
 * 90 days. Turning it off hides a warning sign, so it needs a recent
 * confirmation (the DAL's rule); turning it on needs none.
 */
export async function setNewSignInNotices(
  input: { enabled: boolean },
  session: { user: { id: string } } & Pick<CurrentSession, 'method' | 'verifiedAt' | 'verifiedMethod' | 'policy'>,
  ctx: UseCaseContext,
): Promise<NoticesOutcome> {
  const { enabled } = input
  if (!enabled && !isRecentlyVerified(session)) return { ok: false, reason: 'step_up_required' }
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: session.user.id }, data: { newSignInNotices: enabled }, select: { id: true } })
    await ctx.audit({ type: 'notice_settings_changed', result: 'success', detail: { newSignInNotices: enabled } }, tx)
  })
  return { ok: true, enabled }
}
