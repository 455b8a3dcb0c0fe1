import 'server-only'
import { flagBreakGlassRecovery, inBreakGlassGroup } from '../admin/break-glass'
import type { Audit } from '../audit/record'
import { db } from '../db'
import { env } from '../env'
import type { RequestContext } from '../web/request-context'
import { noticeAddressee } from '../notices/addresses'
import { challengeIdFor, createEmailChallenge, type CreatedChallenge } from '../auth/email-code/challenge'
import { checkEmailCode, type CodeCheck } from '../auth/email-code/code-check'
import { redeemRecoveryCode } from './codes'
import { deliverSecurityNotice, eventFacts } from '../notices/delivery'
import { verifyTotp, type TotpClient } from './totp'
import { emailAloneRecovers, personalPolicy } from '../policy/decide'
import { readPolicy } from '../policy/schema'

/**
 * Self-service recovery, "Lost your passkey?": prove an address of the account
 * (its own or its proven backup address) with an emailed code, then prove a
 * second factor set up earlier (a recovery code or the authenticator app).
 * Both together give a recovery session that can only add a passkey or make
 * new recovery codes. Email alone never recovers an account that has a
 * passkey. Someone who chose passkeys only needs both a recovery code and
 * the authenticator app.
 */

/** How long, after the emailed code was sent, the second step may still be completed. */
const RECOVERY_STEP_TWO_MINUTES = 30

export type RecoveryAccount = { id: string; hasPasskey: boolean; hasRecoveryCodes: boolean; hasTotp: boolean; passkeyOnly: boolean }

/** What an account's group allows in recovery: self-service at all, and the emailed code alone (after how many hours). */
export type RecoveryRules = { selfService: boolean; emailAlone: boolean; emailAloneWaitHours: number; breakGlass: boolean }

/** The recovery rules of each account's group, by account id. */
export async function recoveryRules(accounts: RecoveryAccount[]): Promise<Map<string, RecoveryRules>> {
  const users = await db().user.findMany({
    where: { id: { in: accounts.map((account) => account.id) } },
    select: { id: true, groupId: true, passkeyOnlySince: true, group: { select: { policy: true } } },
  })
  return new Map<string, RecoveryRules>(
    users.map((user): [string, RecoveryRules] => {
      // The break-glass group has no recovery of any kind, whatever its policy says (ADR 14).
      if (inBreakGlassGroup(user)) return [user.id, { selfService: false, emailAlone: false, emailAloneWaitHours: 0, breakGlass: true }]
      const policy = personalPolicy(readPolicy(user.group.policy), user.passkeyOnlySince !== null)
      return [
        user.id,
        {
          selfService: policy.recovery.selfService,
          emailAlone: emailAloneRecovers(policy),
          emailAloneWaitHours: policy.recovery.emailAloneWaitHours,
          breakGlass: false,
        },
      ]
    }),
  )
}

/**
 * The active accounts an address can recover: the one it signs in to, and
 * those that proved it as their backup. The counts are read per account id
 * (Prisma's relation _count would group the whole Passkey table).
 */
async function accountsFor(email: string): Promise<RecoveryAccount[]> {
  const users = await db().user.findMany({
    where: { status: 'active', OR: [{ email }, { backupEmail: email }] },
    select: { id: true, passkeyOnlySince: true, totpFactor: { select: { confirmedAt: true } } },
  })
  if (users.length === 0) return []
  const ids = users.map((user) => user.id)
  const [passkeys, recoveryCodes] = await Promise.all([
    db().passkey.groupBy({ by: ['userId'], where: { userId: { in: ids } }, _count: { _all: true } }),
    db().recoveryCode.groupBy({ by: ['userId'], where: { userId: { in: ids }, usedAt: null }, _count: { _all: true } }),
  ])
  const has = (rows: { userId: string }[], id: string) => rows.some((row) => row.userId === id)
  return users.map((user) => ({
    id: user.id,
    hasPasskey: has(passkeys, user.id),
    hasRecoveryCodes: has(recoveryCodes, user.id),
    hasTotp: Boolean(user.totpFactor?.confirmedAt),
    passkeyOnly: user.passkeyOnlySince !== null,
  }))
}

/** Who a recovery code email is for: the one account the address recovers (or none), and whether it gets the email. */
export async function recoveryRecipient(email: string): Promise<{ userId: string | null; deliver: boolean }> {
  const accounts = await accountsFor(email)
  return { userId: accounts.length === 1 ? accounts[0]!.id : null, deliver: accounts.length > 0 }
}

/**
 * Step 1: an emailed code to the address. Addresses that recover nothing get
 * a challenge nothing can match and no email, so the answer is the same.
 */
export async function startRecovery(
  email: string,
  context: RequestContext,
  options: { recipient?: { userId: string | null; deliver: boolean }; knownBrowser?: boolean; now?: Date } = {},
): Promise<CreatedChallenge> {
  return createEmailChallenge({
    email,
    returnTo: null,
    context,
    purpose: 'recovery',
    recipient: options.recipient ?? (await recoveryRecipient(email)),
    knownBrowser: options.knownBrowser,
    now: options.now,
  })
}

export function proveRecoveryEmail(browserSecret: string, code: string, now = new Date()): Promise<CodeCheck> {
  return checkEmailCode({ browserSecret, code, purpose: 'recovery', now })
}

export type RecoveryProgress =
  | { step: 'email' }
  /** A code was emailed to the address and not entered yet. */
  | { step: 'code'; email: string; createdAt: Date }
  /** The address is proven; what the accounts it recovers can use for step 2. */
  | { step: 'factor'; email: string; accounts: RecoveryAccount[] }

/** Where this browser's recovery stands, from the challenge its cookie names. */
export async function recoveryProgress(browserSecret: string | undefined, now = new Date()): Promise<RecoveryProgress> {
  if (!browserSecret || browserSecret.length > 128) return { step: 'email' }
  const challenge = await db().emailChallenge.findUnique({
    where: { id: challengeIdFor(browserSecret) },
    select: { purpose: true, status: true, email: true, createdAt: true, expiresAt: true },
  })
  if (!challenge || challenge.purpose !== 'recovery') return { step: 'email' }
  if (challenge.status === 'pending' && challenge.expiresAt > now) return { step: 'code', email: challenge.email, createdAt: challenge.createdAt }
  const fresh = now.getTime() - challenge.createdAt.getTime() < RECOVERY_STEP_TWO_MINUTES * 60_000
  if (challenge.status !== 'consumed' || !fresh) return { step: 'email' }
  return { step: 'factor', email: challenge.email, accounts: await accountsFor(challenge.email) }
}

/** One factor, or both (what an account that chose passkeys only needs). */
export type FactorKind = 'recovery_code' | 'totp' | 'recovery_code_and_totp'
/** What proved the person in a recovery: a factor of their own, or a helpdesk access code. */
export type RecoveryProof = FactorKind | 'access_code' | 'email'
export type RecoveryResult = { ok: true; userId: string } | { ok: false; reason: 'recovery_expired' | 'recovery_factor_wrong' | 'recovery_helpdesk_only' }

type RecoveryClient = Parameters<typeof redeemRecoveryCode>[3] & TotpClient

/**
 * Whether the factors given prove an account, used up in `tx`. Both together
 * prove any account (an address may recover a passkey-only account and
 * another); one alone never proves an account that chose passkeys only. The
 * TOTP is checked first, so a wrong one burns no recovery code.
 */
async function factorsProve(
  account: RecoveryAccount,
  kind: FactorKind,
  value: string,
  totp: string | undefined,
  now: Date,
  tx: RecoveryClient,
): Promise<boolean> {
  if (kind === 'recovery_code_and_totp')
    return Boolean(totp) && (await verifyTotp(account.id, totp!, now, tx)).ok && (await redeemRecoveryCode(account.id, value, now, tx))
  if (account.passkeyOnly) return false
  return kind === 'recovery_code' ? redeemRecoveryCode(account.id, value, now, tx) : (await verifyTotp(account.id, value, now, tx)).ok
}

/**
 * Step 2: a recovery code or an authenticator-app code (both, for an account
 * that chose passkeys only) for one of the accounts the proven address recovers. The proven email is claimed first
 * (one conditional UPDATE), so one proof yields at most one recovery session;
 * a wrong factor gives the claim back for another try. The claim, the factor
 * used up and the success's history row are one transaction; a wrong factor
 * is the caller's to record.
 */
export async function completeRecovery(
  browserSecret: string,
  kind: FactorKind,
  value: string,
  context: RequestContext,
  audit: Audit,
  now = new Date(),
  totp?: string,
): Promise<RecoveryResult> {
  const progress = await recoveryProgress(browserSecret, now)
  if (progress.step !== 'factor') return { ok: false, reason: 'recovery_expired' }
  // A group may keep recovery with its helpdesk: its accounts are not recovered here whatever the factor.
  const rules = await recoveryRules(progress.accounts)
  // Whoever proved the break-glass account's address and tries to recover it is refused, and the administrators hear of it.
  for (const account of progress.accounts) {
    if (rules.get(account.id)?.breakGlass) await flagBreakGlassRecovery({ userId: account.id, attempt: 'self_service', context, now })
  }
  const accounts = progress.accounts.filter((account) => rules.get(account.id)?.selfService !== false)
  if (accounts.length === 0) return { ok: false, reason: 'recovery_helpdesk_only' }
  const id = challengeIdFor(browserSecret)
  return db().$transaction(async (tx): Promise<RecoveryResult> => {
    // The claim also holds back a concurrent attempt with the same proof until this one commits.
    const claimed = await tx.emailChallenge.updateMany({ where: { id, purpose: 'recovery', status: 'consumed' }, data: { status: 'recovering' } })
    if (claimed.count !== 1) return { ok: false, reason: 'recovery_expired' }
    for (const account of accounts) {
      if (await factorsProve(account, kind, value, totp, now, tx)) {
        await tx.emailChallenge.update({ where: { id }, data: { status: 'recovered', userId: account.id }, select: { id: true } })
        await audit({ type: 'recovery_factor', result: 'success', userId: account.id, method: kind }, tx)
        return { ok: true, userId: account.id }
      }
    }
    await tx.emailChallenge.update({ where: { id }, data: { status: 'consumed' }, select: { id: true } })
    return { ok: false, reason: 'recovery_factor_wrong' }
  })
}

/** The one account the proven address recovers with the emailed code alone, if its group allows that (a low-risk customer group). */
export async function emailAloneAccount(progress: RecoveryProgress): Promise<(RecoveryAccount & { waitHours: number }) | null> {
  if (progress.step !== 'factor' || progress.accounts.length !== 1) return null
  const [account] = progress.accounts
  if (!account?.hasPasskey || account.hasRecoveryCodes || account.hasTotp) return null
  const rules = (await recoveryRules([account])).get(account.id)
  // With the wait its group sets before such a recovery takes effect (./waiting-recovery.ts).
  return rules?.emailAlone ? { ...account, waitHours: rules.emailAloneWaitHours } : null
}

/** Tells every address of the account that a recovery session started, and what to do if that wasn't the owner. */
export async function sendRecoveredNotice(userId: string, proof: RecoveryProof, context: RequestContext, at = new Date()): Promise<void> {
  const { appUrl } = env()
  await deliverSecurityNotice({
    to: await noticeAddressee(userId),
    // Whoever recovers it acts as the account: their browser's language stands in for one the person never saved.
    own: true,
    record: { userId, reason: 'account_recovered', context },
    write: (tr) => ({
      title: tr.t('notices.recovered.title'),
      summary: tr.t('notices.recovered.summary', { proof }),
      details: eventFacts(tr, at, context),
      reviewUrl: `${appUrl}/account/passkeys`,
      reviewLabel: tr.t('notices.passkey.reviewLabel'),
      ifNotYou: tr.t('notices.recovered.ifNotYou'),
    }),
  })
}
