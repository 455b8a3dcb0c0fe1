import 'server-only'
import { db } from '../db'

export type ProfileView = { email: string; displayName: string | null; newSignInNotices: boolean; createdAt: Date }

export async function getProfile(userId: string): Promise<ProfileView> {
  return db().user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, displayName: true, newSignInNotices: true, createdAt: true } })
}

/** Sets (or, with null, clears) the name shown in the portal and in emails. Returns the previous one. */
export async function updateDisplayName(userId: string, displayName: string | null): Promise<string | null> {
  const before = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { displayName: true } })
  await db().user.update({ where: { id: userId }, data: { displayName, nameKey: displayName?.toLowerCase() ?? null }, select: { id: true } })
  return before.displayName
}

/** The one notice a user may turn off: new sign-ins from browsers not seen in 90 days. */
export async function setNewSignInNotices(userId: string, enabled: boolean): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { newSignInNotices: enabled }, select: { id: true } })
}
