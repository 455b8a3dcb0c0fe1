import Database from 'better-sqlite3'
import { actionId } from '../e2e/support/server-actions'
import { cookieFrom, postAction } from './load-http'

/**
 * An email-code sign-in over HTTP, the way a browser posts the two forms, from
 * a browser that may have signed in to the account before: it then sends the
 * signed known-browsers cookie (portal.known), which the server reads for the
 * send limits and to skip the new-sign-in notice. The load driver's
 * email-code flow is always a new browser; returning browsers are four
 * sign-ins in five, so bench/flow-statements.ts counts them apart.
 */

const KNOWN = 'portal.known'

function latestCode(databaseUrl: string, to: string): string {
  const database = new Database(databaseUrl.slice('file:'.length), { readonly: true, fileMustExist: true })
  try {
    const row = database
      .prepare(`SELECT "text" FROM "MailboxMessage" WHERE "to" = ? AND "subject" LIKE 'Sign in to%' ORDER BY "createdAt" DESC LIMIT 1`)
      .get(to) as { text: string } | undefined
    const code = row?.text.match(/\b(\d{6})\b/)?.[1]
    if (!code) throw new Error(`no sign-in code emailed to ${to}`)
    return code
  } finally {
    database.close()
  }
}

/**
 * Requests a code for `email`, verifies it (the response renders the page it
 * lands on) and returns the known-browsers cookie the sign-in set. `known` is
 * that cookie from an earlier sign-in on this browser, or null for a new one;
 * `client` picks the client's address, different per sign-in.
 */
export async function emailCodeSignIn(base: string, databaseUrl: string, email: string, client: number, known: string | null): Promise<string> {
  const ip = `198.19.250.${client % 250}`
  const ids = {
    request: actionId('app/(auth)/sign-in/actions.ts', 'requestSignInAction'),
    verify: actionId('app/(auth)/sign-in/actions.ts', 'verifyCodeAction'),
  }
  const asked = await postAction(base, '/sign-in', ids.request, { email, timeZone: 'UTC' }, ip, known ?? undefined)
  const request = cookieFrom(asked, 'portal.sign-in')
  if (!request) throw new Error(`request answered ${asked.status} without a sign-in cookie`)
  const verified = await postAction(
    base,
    '/sign-in/check-email',
    ids.verify,
    { code: latestCode(databaseUrl, email) },
    ip,
    [request, known].filter(Boolean).join('; '),
  )
  const remembered = cookieFrom(verified, KNOWN)
  if (!cookieFrom(verified, 'portal.session') || !remembered) throw new Error(`verify answered ${verified.status} without a session`)
  return remembered
}
