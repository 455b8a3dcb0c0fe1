import 'server-only'
import { db } from '../db'

/**
 * Whom a notice about an account is written for: the addresses it goes to,
 * and the language and time zone the person saved (null: none saved), which
 * lib/notices/delivery.ts writes it in.
 */
export type Addressee = { addresses: string[]; locale: string | null; timeZone: string | null }

/** What a select must read of a user to address a notice to them. */
export const ADDRESSEE_FIELDS = { email: true, backupEmail: true, locale: true, timeZone: true } as const

/** The account's addressee: its address, and the backup address once proven; null once the account is gone. */
export async function noticeAddressee(userId: string): Promise<Addressee | null> {
  const user = await db().user.findUnique({ where: { id: userId }, select: ADDRESSEE_FIELDS })
  return user ? addresseeOf(user) : null
}

/** Where security notices about the account go: its address, and the backup address once proven; none once the account is gone. */
export async function noticeAddresses(userId: string): Promise<string[]> {
  return (await noticeAddressee(userId))?.addresses ?? []
}

export function addresseeOf(user: { email: string; backupEmail: string | null; locale: string | null; timeZone: string | null }): Addressee {
  return { addresses: addressesOf(user), locale: user.locale, timeZone: user.timeZone }
}

export function addressesOf(user: { email: string; backupEmail: string | null }): string[] {
  return user.backupEmail ? [user.email, user.backupEmail] : [user.email]
}
