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

export async function recoveryReadiness(userId: string): Promise<Readiness> {
  const user = await db().user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      backupEmail: true,
      passkeys: { select: { backupEligible: true } },
      _count: { select: { recoveryCodes: { where: { usedAt: null } } } },
      totpFactor: { select: { confirmedAt: true } },
    },
  })
  return describeReadiness({
    passkeys: user.passkeys.map((passkey) => ({ synced: passkey.backupEligible })),
    recoveryCodesLeft: user._count.recoveryCodes,
    totp: Boolean(user.totpFactor?.confirmedAt),
    backupEmail: user.backupEmail !== null,
  })
}
