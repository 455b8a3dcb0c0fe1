/**
 * What the passkey list says beside a passkey's name, decided apart from the
 * page so the rules are tested: no line that contradicts another, none that
 * repeats the name.
 */

/**
 * The line under the name: the provider, unless the name already is it
 * ("Apple Passwords", or "Apple Passwords 2" as a second one is named).
 * `generic` is the translated word for a passkey of an unknown provider.
 */
export function providerLine(name: string, providerName: string | null, generic: string): string | null {
  const provider = providerName ?? generic
  const base = name.trim().replace(/\s+\d+$/, '')
  return base.localeCompare(provider, undefined, { sensitivity: 'accent' }) === 0 ? null : provider
}

/**
 * The "this device" badge. This browser remembers the passkeys it created or
 * signed in with (device-passkeys.ts), without saying which: one never used
 * can only have been added here, while one used since may have been used
 * anywhere, so it says "added or used". Never "used" beside "Not used yet".
 */
export function deviceBadge(onThisDevice: boolean, lastUsedAt: Date | null): 'addedHere' | 'addedOrUsedHere' | null {
  if (!onThisDevice) return null
  return lastUsedAt ? 'addedOrUsedHere' : 'addedHere'
}
