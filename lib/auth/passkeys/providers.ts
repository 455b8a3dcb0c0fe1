import 'server-only'
import aaguids from './aaguids.json'

type ProviderEntry = { name: string; icon_light?: string; icon_dark?: string }

export type PasskeyProvider = {
  /** e.g. "Google Password Manager"; null when the AAGUID is unknown (or all zeros, as Apple's and many keys send). */
  name: string | null
  /** SVG data URIs from the community AAGUID list; shown as images, never inlined as markup. */
  iconLight: string | null
  iconDark: string | null
}

const known = aaguids as Record<string, ProviderEntry>

const isSvgDataUri = (value: string | undefined): value is string => typeof value === 'string' && value.startsWith('data:image/svg+xml;base64,')

/**
 * The provider behind a passkey, from the authenticator's AAGUID (WebAuthn
 * §6.5.1, attested credential data). The list may be empty (retired) or not
 * know a model: both mean "a passkey" with a generic icon.
 */
export function passkeyProvider(aaguid: string): PasskeyProvider {
  const entry = Object.hasOwn(known, aaguid.toLowerCase()) ? known[aaguid.toLowerCase()] : undefined
  if (!entry || typeof entry.name !== 'string' || entry.name.trim() === '') return { name: null, iconLight: null, iconDark: null }
  const iconLight = isSvgDataUri(entry.icon_light) ? entry.icon_light : null
  const iconDark = isSvgDataUri(entry.icon_dark) ? entry.icon_dark : iconLight
  return { name: entry.name.trim().slice(0, 60), iconLight, iconDark }
}
