import type { BrowserContext } from '@playwright/test'
import { APP } from './servers'

/** Gives `context` the session cookie of a session issued for the production server, as its sign-in would. */
export async function addSessionCookie(context: BrowserContext, issued: { secret: string; cookieExpires: Date }): Promise<void> {
  await context.addCookies([
    {
      name: 'portal.session',
      value: issued.secret,
      url: APP.url,
      httpOnly: true,
      sameSite: 'Lax',
      expires: Math.floor(issued.cookieExpires.getTime() / 1000),
    },
  ])
}
