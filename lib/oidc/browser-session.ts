import 'server-only'
import type { CookieJar } from '../use-case'
import { OIDC_SESSION_COOKIE } from './provider'

/**
 * The provider session this browser holds, if any, for the actions that end
 * portal sessions (lib/oidc/app-sessions.ts). The cookie only names it:
 * endAppSessions acts only on the signed-in person's own rows.
 */
export function appSessionOf(jar: Pick<CookieJar, 'get'>): string | undefined {
  const value = jar.get(OIDC_SESSION_COOKIE)?.value
  return value && value.length <= 100 ? value : undefined
}
