import 'server-only'
import { db } from '../db'
import { RECOVERY_CODES_LOW } from './codes'

/**
 * Recovery readiness: can this person get back in if they lose a device?
 * Ready means a second factor for /recover (recovery codes or an
 * authenticator app), or passkeys on more than one device with at least one
 * synced. Otherwise one warning, with the one action that fixes it.
 */

export type ReadinessFacts = {
  passkeys: { synced: boolean }[]
  recoveryCodesLeft: number
  totp: boolean
  backupEmail: boolean
}

export type Readiness = { state: 'ready'; summary: string } | { state: 'warning' | 'no_passkey'; summary: string; action: { label: string; href: string } }

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`

export function describeReadiness(facts: ReadinessFacts): Readiness {
  const passkeys = facts.passkeys.length
  const synced = facts.passkeys.filter((passkey) => passkey.synced).length
  if (passkeys === 0) {
    return { state: 'no_passkey', summary: 'You sign in with codes sent to your email.', action: { label: 'Add a passkey', href: '/account/passkeys' } }
  }
  const parts = [`${plural(passkeys, 'passkey', 'passkeys')}${synced > 0 ? ` (${synced} synced)` : ''}`]
  if (facts.recoveryCodesLeft > 0) parts.push(`recovery codes (${facts.recoveryCodesLeft} left)`)
  if (facts.totp) parts.push('authenticator app')
  if (facts.backupEmail) parts.push('backup email')
  const secondFactor = facts.recoveryCodesLeft > 0 || facts.totp
  const recovery = { label: 'Add recovery codes', href: '/account/recovery' }
  if (secondFactor && !facts.totp && facts.recoveryCodesLeft <= RECOVERY_CODES_LOW) {
    return {
      state: 'warning',
      summary: `Only ${plural(facts.recoveryCodesLeft, 'recovery code', 'recovery codes')} left: make a new set before you run out.`,
      action: { label: 'Make new recovery codes', href: '/account/recovery' },
    }
  }
  if (secondFactor || (passkeys >= 2 && synced > 0)) return { state: 'ready', summary: `Ready: ${parts.join(', ')}.` }
  if (passkeys === 1 && synced === 0) return { state: 'warning', summary: 'You only have one passkey, on this device: add recovery codes.', action: recovery }
  if (synced === 0) return { state: 'warning', summary: 'Your passkeys each live on one device: add recovery codes in case you lose them.', action: recovery }
  return { state: 'warning', summary: 'Your only passkey is synced by one provider: add recovery codes in case you lose access to it.', action: recovery }
}

/**
 * The facts in one statement: a relation load sent one per relation (user,
 * passkeys, recovery codes, authenticator app), four on every account
 * overview, the page each email sign-in lands on. Each subquery uses the
 * userId index of its table.
 */
export async function recoveryReadiness(userId: string): Promise<Readiness> {
  const [facts] = await db().$queryRaw<
    { backupEmail: string | null; passkeys: number | bigint; synced: number | bigint; codesLeft: number | bigint; totp: boolean | number }[]
  >`
    SELECT u."backupEmail",
      (SELECT COUNT(*) FROM "Passkey" p WHERE p."userId" = u."id") AS "passkeys",
      (SELECT COUNT(*) FROM "Passkey" p WHERE p."userId" = u."id" AND p."backupEligible") AS "synced",
      (SELECT COUNT(*) FROM "RecoveryCode" r WHERE r."userId" = u."id" AND r."usedAt" IS NULL) AS "codesLeft",
      EXISTS (SELECT 1 FROM "TotpFactor" t WHERE t."userId" = u."id" AND t."confirmedAt" IS NOT NULL) AS "totp"
    FROM "User" u WHERE u."id" = ${userId}`
  if (!facts) throw new Error('No account for the readiness check')
  const synced = Number(facts.synced)
  return describeReadiness({
    passkeys: Array.from({ length: Number(facts.passkeys) }, (_, index) => ({ synced: index < synced })),
    recoveryCodesLeft: Number(facts.codesLeft),
    // SQLite answers booleans as 0 and 1.
    totp: facts.totp === true || Number(facts.totp) === 1,
    backupEmail: facts.backupEmail !== null,
  })
}
