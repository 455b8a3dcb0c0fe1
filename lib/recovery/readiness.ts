import 'server-only'
import { db } from '../db'
import type { Translator } from '../i18n/translator'
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

/** Why an account is not ready, each with the one action that fixes it. */
export type ReadinessGap = 'no_passkey' | 'codes_low' | 'one_device' | 'device_bound' | 'one_provider'
export type ReadinessAction = 'add_passkey' | 'add_recovery_codes' | 'renew_recovery_codes'

export type Readiness =
  | { state: 'ready'; facts: ReadinessFacts }
  | { state: 'warning' | 'no_passkey'; gap: ReadinessGap; facts: ReadinessFacts; action: { kind: ReadinessAction; href: string } }

const ACTION_HREFS: Record<ReadinessAction, string> = {
  add_passkey: '/account/passkeys',
  add_recovery_codes: '/account/recovery',
  renew_recovery_codes: '/account/recovery',
}

const gap = (state: 'warning' | 'no_passkey', why: ReadinessGap, facts: ReadinessFacts, action: ReadinessAction): Readiness => ({
  state,
  gap: why,
  facts,
  action: { kind: action, href: ACTION_HREFS[action] },
})

export function describeReadiness(facts: ReadinessFacts): Readiness {
  const passkeys = facts.passkeys.length
  const synced = facts.passkeys.filter((passkey) => passkey.synced).length
  if (passkeys === 0) return gap('no_passkey', 'no_passkey', facts, 'add_passkey')
  const secondFactor = facts.recoveryCodesLeft > 0 || facts.totp
  if (secondFactor && !facts.totp && facts.recoveryCodesLeft <= RECOVERY_CODES_LOW) return gap('warning', 'codes_low', facts, 'renew_recovery_codes')
  if (secondFactor || (passkeys >= 2 && synced > 0)) return { state: 'ready', facts }
  if (passkeys === 1 && synced === 0) return gap('warning', 'one_device', facts, 'add_recovery_codes')
  if (synced === 0) return gap('warning', 'device_bound', facts, 'add_recovery_codes')
  return gap('warning', 'one_provider', facts, 'add_recovery_codes')
}

const GAP_KEYS = {
  no_passkey: 'recovery.readiness.noPasskey',
  codes_low: 'recovery.readiness.codesLow',
  one_device: 'recovery.readiness.oneDevice',
  device_bound: 'recovery.readiness.deviceBound',
  one_provider: 'recovery.readiness.oneProvider',
} as const

const ACTION_KEYS = {
  add_passkey: 'recovery.readiness.addPasskey',
  add_recovery_codes: 'recovery.readiness.addRecoveryCodes',
  renew_recovery_codes: 'recovery.readiness.renewRecoveryCodes',
} as const

/** The readiness in one line in the reader's language ("Ready: 2 passkeys (1 synced), recovery codes (8 left)."), and its action's label. */
export function readinessWords(readiness: Readiness, { t, format }: Pick<Translator, 't' | 'format'>): { summary: string; action: string | null } {
  const { facts } = readiness
  if (readiness.state !== 'ready') {
    return { summary: t(GAP_KEYS[readiness.gap], { count: facts.recoveryCodesLeft }), action: t(ACTION_KEYS[readiness.action.kind]) }
  }
  const synced = facts.passkeys.filter((passkey) => passkey.synced).length
  const parts = [
    synced > 0
      ? t('recovery.readiness.passkeysSynced', { count: facts.passkeys.length, synced })
      : t('recovery.readiness.passkeys', { count: facts.passkeys.length }),
  ]
  if (facts.recoveryCodesLeft > 0) parts.push(t('recovery.readiness.recoveryCodes', { count: facts.recoveryCodesLeft }))
  if (facts.totp) parts.push(t('recovery.readiness.totp'))
  if (facts.backupEmail) parts.push(t('recovery.readiness.backupEmail'))
  return { summary: t('recovery.readiness.ready', { list: format.list(parts, { type: 'unit' }) }), action: null }
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
