import 'server-only'
import { cookies } from 'next/headers'
import { OIDC_SESSION_COOKIE } from './provider'

/**
 * The provider session this browser holds, if any, for the actions that end
 * portal sessions (lib/oidc/app-sessions.ts). The cookie only names it:
 * endAppSessions acts only on the signed-in person's own rows.
 */
export async function browserAppSession(): Promise<string | undefined> {
  const value = (await cookies()).get(OIDC_SESSION_COOKIE)?.value
  return value && value.length <= 100 ? value : undefined
}
