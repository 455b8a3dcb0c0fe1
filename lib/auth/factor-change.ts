import 'server-only'
import { cookies } from 'next/headers'
import { env } from '../env'

/**
 * After a change to how the account signs in (passkey added or removed,
 * recovery factors or email address changed), the account pages offer "sign
 * out your other sessions" for a while: whoever else is signed in may be why
 * the user made the change. A short-lived cookie carries that moment from the
 * action to the page.
 */

const OFFER_SECONDS = 10 * 60

function factorChangeCookie() {
  return { name: 'portal.factor-changed', options: { httpOnly: true, sameSite: 'lax' as const, path: '/account', secure: env().secureCookies, maxAge: OFFER_SECONDS } }
}

export async function offerSignOutOthers(): Promise<void> {
  const cookie = factorChangeCookie()
  ;(await cookies()).set(cookie.name, '1', cookie.options)
}

export async function signOutOthersOffered(): Promise<boolean> {
  return (await cookies()).has(factorChangeCookie().name)
}

export async function dismissSignOutOthersOffer(): Promise<void> {
  const cookie = factorChangeCookie()
  ;(await cookies()).delete({ name: cookie.name, path: cookie.options.path })
}
