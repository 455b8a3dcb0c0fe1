import 'server-only'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { derivedKey } from '../../crypto'
import { portalCookie } from '../../web/cookies'

/**
 * Which accounts signed in on this browser, and when: a signed cookie, so
 * "a browser not seen on this account in 90 days" costs no query on a
 * returning user's sign-in. Accounts appear as keyed tags, not ids, so the
 * cookie says nothing about whose browser it is. A browser that lost its
 * cookies counts as new: the safe side for a security notice.
 */

const KNOWN_BROWSER_DAYS = 90
const MAX_ACCOUNTS = 10
const DAY_MS = 24 * 3600 * 1000

type Entry = [tag: string, day: number]

const accountTag = (userId: string) => createHmac('sha256', derivedKey('known-browsers')).update(`account:${userId}`).digest('base64url').slice(0, 16)
const mac = (payload: string) => createHmac('sha256', derivedKey('known-browsers')).update(`cookie:${payload}`).digest('base64url')

export function knownBrowsersCookie() {
  return portalCookie('portal.known', { maxAge: 400 * 24 * 3600 })
}

function readEntries(value: string | undefined): Entry[] {
  if (!value || value.length > 2048) return []
  const [payload, signature] = value.split('.')
  if (!payload || !signature) return []
  const expected = Buffer.from(mac(payload))
  const given = Buffer.from(signature)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return []
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString())
    if (!Array.isArray(parsed)) return []
    return parsed.filter((item): item is Entry => Array.isArray(item) && typeof item[0] === 'string' && Number.isInteger(item[1]))
  } catch {
    return []
  }
}

/** Whether this account signed in on this browser within the last 90 days (the cookie is only read). */
export function isKnownBrowser(value: string | undefined, userId: string, now = new Date()): boolean {
  const today = Math.floor(now.getTime() / DAY_MS)
  const tag = accountTag(userId)
  return readEntries(value).some(([entryTag, day]) => entryTag === tag && today - day <= KNOWN_BROWSER_DAYS)
}

/** Whether this account signed in on this browser within the last 90 days, and the cookie value that remembers today's sign-in. */
export function rememberBrowser(value: string | undefined, userId: string, now = new Date()): { known: boolean; value: string } {
  const today = Math.floor(now.getTime() / DAY_MS)
  const tag = accountTag(userId)
  const entries = readEntries(value).filter(([, day]) => today - day <= KNOWN_BROWSER_DAYS)
  const known = entries.some(([entryTag]) => entryTag === tag)
  const seenToday: Entry = [tag, today]
  const next = [seenToday, ...entries.filter(([entryTag]) => entryTag !== tag)].slice(0, MAX_ACCOUNTS)
  const payload = Buffer.from(JSON.stringify(next)).toString('base64url')
  return { known, value: `${payload}.${mac(payload)}` }
}
