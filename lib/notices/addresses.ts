import 'server-only'
import { db } from '../db'

/** Where security notices about the account go: its address, and the backup address once proven; none once the account is gone. */
export async function noticeAddresses(userId: string): Promise<string[]> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { email: true, backupEmail: true } })
  return user ? addressesOf(user) : []
}

export function addressesOf(user: { email: string; backupEmail: string | null }): string[] {
  return user.backupEmail ? [user.email, user.backupEmail] : [user.email]
}
