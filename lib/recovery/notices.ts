import 'server-only'
import { db } from '../db'
import { env } from '../env'
import type { RequestContext } from '../web/request-context'
import { SIGN_IN_METHOD_LABELS } from '../auth/session/methods'
import { addressesOf, noticeAddresses } from './backup-email'
import { deliverSecurityNotice, eventFacts } from '../notices/delivery'
import type { SignInMethod } from '../auth/session/store'

/** Notices about changes to recovery factors and the account itself. They always send. */
export type AccountNotice = 'recovery_codes_generated' | 'totp_added' | 'totp_removed' | 'backup_email_added' | 'backup_email_removed'

const WORDING: Record<AccountNotice, { title: string; summary: string }> = {
  recovery_codes_generated: {
    title: 'New recovery codes were made for your account',
    summary: 'A new set of recovery codes was made. Your previous codes no longer work.',
  },
  totp_added: { title: 'An authenticator app was added to your account', summary: 'Codes from this app can now be used to recover your account.' },
  totp_removed: { title: 'Your authenticator app was removed', summary: 'Codes from your authenticator app can no longer be used to recover your account.' },
  backup_email_added: {
    title: 'A backup email was added to your account',
    summary: 'This address can now be used to recover your account, and gets these notices too.',
  },
  backup_email_removed: { title: 'Your backup email was removed', summary: 'The backup address can no longer be used to recover your account.' },
}

const IF_NOT_YOU = "If this wasn't you, someone may be signed in to your account: open your activity, report it, and make new recovery codes."

/** Tells every address of the account that a recovery factor changed. `extra` reaches an address that just stopped counting. */
export async function sendAccountNotice(kind: AccountNotice, input: { userId: string; context: RequestContext; at?: Date; extra?: string[] }): Promise<void> {
  const { appName, appUrl } = env()
  const addresses = [...new Set([...(await noticeAddresses(input.userId)), ...(input.extra ?? [])])]
  await deliverSecurityNotice(
    addresses,
    {
      appName,
      title: WORDING[kind].title,
      summary: WORDING[kind].summary,
      details: eventFacts(input.at ?? new Date(), input.context),
      reviewUrl: `${appUrl}/account/recovery`,
      reviewLabel: 'Review your recovery options',
      ifNotYou: IF_NOT_YOU,
    },
    { userId: input.userId, reason: kind, context: input.context },
  )
}

const truthy = (value: boolean | number) => value === true || Number(value) === 1

/** The sign-in methods a new-browser notice is about (recovery has its own notice; test sign-ins none). */
const NOTICED_METHODS = new Set<SignInMethod>(['email_code', 'magic_link', 'passkey'])

/**
 * "New sign-in to your account", for a sign-in from a browser that hasn't
 * signed in to the account in 90 days (see known-browsers.ts), unless the user
 * turned it off. Not for the account's first sign-in ever: there is nothing
 * to compare with. Runs after the response, so the sign-in itself costs no
 * extra statement.
 */
export async function sendNewSignInNotice(input: {
  userId: string
  sessionId: string
  method: SignInMethod
  context: RequestContext
  at?: Date
}): Promise<void> {
  if (!NOTICED_METHODS.has(input.method)) return
  // One statement that stops at the first other successful sign-in (index on userId, type): a
  // relation load with `take: 1` fetched every sign-in of the account and kept one, so its cost
  // grew with the account's history. `<>` alone would skip rows without a session and, on an
  // account whose history has many of them, walk them all.
  const [user] = await db().$queryRaw<{ email: string; backupEmail: string | null; newSignInNotices: boolean | number; signedInBefore: boolean | number }[]>`
    SELECT u."email", u."backupEmail", u."newSignInNotices",
      EXISTS (SELECT 1 FROM "AuditEvent" e
              WHERE e."userId" = u."id" AND e."type" = 'sign_in' AND e."result" = 'success'
                AND (e."sessionId" IS NULL OR e."sessionId" <> ${input.sessionId})) AS "signedInBefore"
    FROM "User" u WHERE u."id" = ${input.userId}`
  // SQLite answers booleans as 0 and 1.
  if (!user || !truthy(user.newSignInNotices) || !truthy(user.signedInBefore)) return
  const { appName, appUrl } = env()
  await deliverSecurityNotice(
    addressesOf(user),
    {
      appName,
      title: 'New sign-in to your account',
      summary: `Your account was signed in to from a browser or device that hasn't signed in to it in the last 90 days, with ${SIGN_IN_METHOD_LABELS[input.method].toLowerCase()}.`,
      details: eventFacts(input.at ?? new Date(), input.context),
      reviewUrl: `${appUrl}/account/activity`,
      reviewLabel: 'Review your activity',
      ifNotYou: "If this wasn't you, open your activity and choose “This wasn't me” on that sign-in: we'll sign out every other session.",
      optional: true,
    },
    { userId: input.userId, reason: 'new_sign_in', context: input.context },
  )
}
