import { env } from '../../env'

/** How many credential IDs a browser remembers; the newest win. */
const MAX_REMEMBERED = 10

/**
 * Which passkeys this browser has created or used, so the passkey list can
 * say "this device" and the enrollment nudge knows when to stay quiet.
 * Credential IDs are public identifiers, not secrets; HTTP-only anyway.
 */
export function devicePasskeysCookie() {
  const secure = env().secureCookies
  return {
    name: secure ? '__Host-portal.device-passkeys' : 'portal.device-passkeys',
    options: { httpOnly: true, sameSite: 'lax' as const, path: '/', secure, maxAge: 400 * 24 * 60 * 60 },
  }
}

export function parseDevicePasskeys(value: string | undefined): string[] {
  if (!value || value.length > 4096) return []
  return value
    .split('.')
    .filter((id) => /^[A-Za-z0-9_-]{1,1366}$/.test(id))
    .slice(0, MAX_REMEMBERED)
}

/** The cookie value after this browser used `credentialId` (most recent first). */
export function rememberDevicePasskey(current: string | undefined, credentialId: string): string {
  return [credentialId, ...parseDevicePasskeys(current).filter((id) => id !== credentialId)]
    .filter((id) => id.length <= 400)
    .slice(0, MAX_REMEMBERED)
    .join('.')
}

/** "Not now" on the enrollment nudge keeps it away from this browser for 14 days. */
export const NUDGE_SNOOZE_DAYS = 14

export function passkeyNudgeCookie() {
  const secure = env().secureCookies
  return {
    name: secure ? '__Host-portal.passkey-nudge' : 'portal.passkey-nudge',
    options: { httpOnly: true, sameSite: 'lax' as const, path: '/', secure, maxAge: NUDGE_SNOOZE_DAYS * 24 * 60 * 60 },
  }
}

/** Whether a snooze cookie (holding the time of "Not now") still applies. */
export function nudgeSnoozed(value: string | undefined, now = new Date()): boolean {
  const snoozedAt = Number(value)
  if (!value || !Number.isFinite(snoozedAt)) return false
  return now.getTime() - snoozedAt < NUDGE_SNOOZE_DAYS * 24 * 60 * 60 * 1000
}
