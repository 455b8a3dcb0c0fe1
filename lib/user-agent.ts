import Bowser from 'bowser'

// Only names the parser recognises from its own tables are shown: its fallback
// returns whatever text comes before a "/", which a client chooses freely and
// which would then read as ours in emails and on pages ("…press Approve…/1.0").
const KNOWN_BROWSERS = new Set(Object.values(Bowser.BROWSER_MAP).filter((name) => name !== 'Generic'))
const KNOWN_SYSTEMS = new Set(Object.values(Bowser.OS_MAP))

/**
 * The browser's and the system's names a user agent names, each null unless
 * the parser knows it: for a sentence in the reader's language to put them in.
 */
export function userAgentParts(userAgent: string | null | undefined): { browser: string | null; system: string | null } {
  if (!userAgent) return { browser: null, system: null }
  const { browser, os } = Bowser.parse(userAgent)
  return {
    browser: browser.name && KNOWN_BROWSERS.has(browser.name) ? browser.name : null,
    system: os.name && KNOWN_SYSTEMS.has(os.name) ? os.name : null,
  }
}

/** "Chrome on Linux", "Safari on iOS": a user agent in words people recognise; anything else is "an unknown browser". */
export function describeUserAgent(userAgent: string | null | undefined): string {
  const { browser: name, system } = userAgentParts(userAgent)
  if (!name) return system ? `an unknown browser on ${system}` : 'an unknown browser'
  return system ? `${name} on ${system}` : name
}
