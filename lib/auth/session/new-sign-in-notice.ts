import 'server-only'
import { db } from '../../db'
import { env } from '../../env'
import { addresseeOf } from '../../notices/addresses'
import { deliverSecurityNotice, eventFacts } from '../../notices/delivery'
import type { RequestContext } from '../../web/request-context'
import type { SignInMethod } from './store'

const truthy = (value: boolean | number) => value === true || Number(value) === 1

/** The sign-in methods a new-browser notice is about (recovery has its own notice; test sign-ins none). */
const NOTICED_METHODS = new Set<SignInMethod>(['email_code', 'magic_link', 'sms_code', 'passkey', 'demo'])

/**
 * What the notice needs to know about the account. A sign-in that already read
 * the account in one of its statements (passkey) passes it in, so the notice
 * costs no statement of its own to decide; `signedInBefore`: a successful
 * sign-in other than this one exists.
 */
export type NoticeRecipient = {
  email: string
  backupEmail: string | null
  /** The language and zone the person saved, which the notice is written in (null: none saved). */
  locale: string | null
  timeZone: string | null
  newSignInNotices: boolean | number
  signedInBefore: boolean | number
}

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
  recipient?: NoticeRecipient
}): Promise<void> {
  if (!NOTICED_METHODS.has(input.method)) return
  const user = input.recipient ?? (await readRecipient(input.userId, input.sessionId))
  // SQLite answers booleans as 0 and 1.
  if (!user || !truthy(user.newSignInNotices) || !truthy(user.signedInBefore)) return
  const { appUrl } = env()
  const at = input.at ?? new Date()
  await deliverSecurityNotice({
    to: addresseeOf(user),
    // The sign-in was to their account: its browser's language stands in for one they never saved.
    own: true,
    record: { userId: input.userId, reason: 'new_sign_in', context: input.context },
    write: (tr) => ({
      title: tr.t('notices.newSignIn.title'),
      summary: tr.t('notices.newSignIn.summary', { method: input.method }),
      details: eventFacts(tr, at, input.context),
      reviewUrl: `${appUrl}/account/activity`,
      reviewLabel: tr.t('notices.newSignIn.reviewLabel'),
      ifNotYou: tr.t('notices.newSignIn.ifNotYou'),
      optional: true,
    }),
  })
}

async function readRecipient(userId: string, sessionId: string): Promise<NoticeRecipient | undefined> {
  // One statement that stops at the first other successful sign-in (index on userId, type): a
  // relation load with `take: 1` fetched every sign-in of the account and kept one, so its cost
  // grew with the account's history. `<>` alone would skip rows without a session and, on an
  // account whose history has many of them, walk them all.
  const [user] = await db().$queryRaw<NoticeRecipient[]>`
    SELECT u."email", u."backupEmail", u."locale", u."timeZone", u."newSignInNotices",
      EXISTS (SELECT 1 FROM "AuditEvent" e
              WHERE e."userId" = u."id" AND e."type" = 'sign_in' AND e."result" = 'success'
                AND (e."sessionId" IS NULL OR e."sessionId" <> ${sessionId})) AS "signedInBefore"
    FROM "User" u WHERE u."id" = ${userId}`
  return user
}
