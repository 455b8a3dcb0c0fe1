import { userAgentParts } from '../../user-agent'
import { portalCookie } from '../../web/cookies'

/**
 * What the rollout dashboard learns about the devices people sign in and
 * enrol on (issue 33's device and capability picture), without a statement
 * more on a sign-in: the system and browser families the user agent names
 * from the parser's known tables (never the text itself), and what the
 * browser said it can do with passkeys. The browser's own report arrives in
 * a cookie its pages write once they have asked it (components/passkeys/
 * capabilities.ts): four bits, no account, so it rides along with whichever
 * sign-in comes next and the session's INSERT stores it.
 */

/**
 * The cookie the browser's pages write: webauthn, platform authenticator,
 * autofill, hybrid, each 0 or 1. Over https its name carries the __Host-
 * prefix (components/passkeys/capabilities.ts), as every portal cookie does.
 */
export const deviceReportCookieName = () => portalCookie('portal.device').name

export type DeviceReport = { webauthn: boolean; platform: boolean; autofill: boolean; hybrid: boolean }

/** The report as stored ("1101"), or null when the cookie is missing or not four bits. */
export function deviceCapabilities(cookie: string | undefined): string | null {
  return cookie && /^[01]{4}$/.test(cookie) ? cookie : null
}

export function readCapabilities(stored: string | null): DeviceReport | null {
  if (!stored || !/^[01]{4}$/.test(stored)) return null
  const [webauthn, platform, autofill, hybrid] = [...stored].map((bit) => bit === '1') as [boolean, boolean, boolean, boolean]
  return { webauthn, platform, autofill, hybrid }
}

/** A passkey can be made on this device: WebAuthn, and a platform authenticator or a phone nearby (hybrid). */
export const canCreatePasskey = (report: DeviceReport) => report.webauthn && (report.platform || report.hybrid)

/** The families a user agent names, each null unless the parser's tables know it. */
export function deviceFamilies(userAgent: string | null | undefined): { osFamily: string | null; browserFamily: string | null } {
  const { browser, system } = userAgentParts(userAgent)
  return { osFamily: system, browserFamily: browser }
}

/** The families a passkey is created on, as its row stores them. */
export function createdOn(userAgent: string | null | undefined): { createdOs: string | null; createdBrowser: string | null } {
  const { osFamily, browserFamily } = deviceFamilies(userAgent)
  return { createdOs: osFamily, createdBrowser: browserFamily }
}
