import { devicePasskeysCookie, passkeyNudgeCookie, recordNudgeOffer } from '../passkeys/device-passkeys'
import 'server-only'
import type { UseCaseContext } from '../../use-case'
import { sendNewSignInNotice, type NoticeRecipient } from './new-sign-in-notice'
import { knownBrowsersCookie, rememberBrowser } from './known-browsers'
import { rememberLastMethod } from './last-method'
import type { SignInMethod } from './store'
import { sessionCookie } from './cookie'
import { deviceCapabilities, deviceReportCookieName } from './device-report'
import { startSession, type SignInAccount } from './issue'

/**
 * Signs this browser in: startSession() plus the session cookie. Every sign-in
 * method ends here. A browser this account hasn't used in 90 days gets the
 * new-sign-in notice, after the response; `newSignIn: false` is for a session
 * that only replaces one this browser already had (recovery finished);
 * `startedAt` is when this sign-in was asked for (see startSession);
 * `noticeRecipient`, the account's side of that notice when the sign-in already read it.
 */
export async function createSession(
  account: SignInAccount,
  method: SignInMethod,
  ctx: Pick<UseCaseContext, 'request' | 'cookies' | 'later'>,
  options: { newSignIn?: boolean; startedAt?: Date; passkeyDeviceBound?: boolean; noticeRecipient?: NoticeRecipient } = {},
): Promise<{ sessionId: string; userId: string }> {
  const { cookies: jar, request: context } = ctx
  const issued = await startSession(account, method, context, {
    previousSecret: jar.get(sessionCookie().name)?.value,
    startedAt: options.startedAt,
    passkeyDeviceBound: options.passkeyDeviceBound,
    // The browser's own report of what it can do with passkeys, from its cookie: stored in the session's INSERT.
    capabilities: deviceCapabilities(jar.get(deviceReportCookieName())?.value),
  })
  const user = { id: issued.userId }
  jar.set(sessionCookie().name, issued.secret, { ...sessionCookie().options, expires: issued.cookieExpires })
  const browsers = knownBrowsersCookie()
  const remembered = rememberBrowser(jar.get(browsers.name)?.value, user.id)
  jar.set(browsers.name, remembered.value, browsers.options)
  rememberLastMethod(jar, method)
  if (!remembered.known && options.newSignIn !== false) {
    const recipient = options.noticeRecipient
    ctx.later(() => sendNewSignInNotice({ userId: user.id, sessionId: issued.sessionId, method, context, recipient }))
  }
  if (method === 'email_code' || method === 'magic_link') {
    const devicePasskeys = jar.get(devicePasskeysCookie().name)?.value
    const snoozed = jar.get(passkeyNudgeCookie().name)?.value
    ctx.later(() => recordNudgeOffer({ userId: user.id, method, devicePasskeys, snoozed, context }))
  }
  return { sessionId: issued.sessionId, userId: issued.userId }
}
