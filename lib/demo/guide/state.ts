import 'server-only'
import { z } from 'zod'
import type { CookieJar } from '../../use-case'
import { portalCookie } from '../../web/cookies'
import { TOUR_IDS, type TourId } from './tours'

/**
 * What this browser's guide remembers, in a cookie (so a reload, another
 * page or a restart keep it, and a page view writes nothing): whether it is
 * open, and which tour it follows since when. Progress itself is never
 * stored: it is read from the records after `since` (./progress.ts).
 */
export type GuideState = { open: boolean; tour: TourId | null; since: Date | null }

const DAY_MS = 86_400_000
export const CLOSED: GuideState = { open: false, tour: null, since: null }

const stored = z.object({
  open: z.boolean(),
  tour: z.enum(TOUR_IDS).nullable(),
  since: z.number().int().positive().nullable(),
})

export function guideCookie() {
  return portalCookie('demo_guide', { maxAge: DAY_MS / 1000 })
}

/**
 * The state in the cookie; a missing, malformed or tampered one is a closed
 * guide, and a start in the future or over a day ago is no tour (the guide
 * reads records after it: the cookie never widens what it reads).
 */
export function readGuideState(cookies: Pick<CookieJar, 'get'>, now = new Date()): GuideState {
  const raw = cookies.get(guideCookie().name)?.value
  if (!raw) return CLOSED
  let parsed: z.infer<typeof stored>
  try {
    const result = stored.safeParse(JSON.parse(raw))
    if (!result.success) return CLOSED
    parsed = result.data
  } catch {
    return CLOSED
  }
  const since = parsed.since === null ? null : new Date(parsed.since)
  const current = since !== null && since.getTime() <= now.getTime() && now.getTime() - since.getTime() < DAY_MS
  return current && parsed.tour ? { open: parsed.open, tour: parsed.tour, since } : { open: parsed.open, tour: null, since: null }
}

export function writeGuideState(cookies: Pick<CookieJar, 'set'>, state: GuideState): void {
  const cookie = guideCookie()
  const value = JSON.stringify({ open: state.open, tour: state.tour, since: state.since?.getTime() ?? null })
  cookies.set(cookie.name, value, cookie.options)
}

/** What the guide's buttons ask for. */
export const guideCommandSchema = z.discriminatedUnion('do', [
  z.object({ do: z.literal('open') }).strict(),
  z.object({ do: z.literal('close') }).strict(),
  z.object({ do: z.literal('start'), tour: z.enum(TOUR_IDS) }).strict(),
  z.object({ do: z.literal('leave') }).strict(),
])
export type GuideCommand = z.infer<typeof guideCommandSchema>

/** The state after a command: starting a tour opens the guide and counts from now. */
export function nextGuideState(state: GuideState, command: GuideCommand, now = new Date()): GuideState {
  switch (command.do) {
    case 'open':
      return { ...state, open: true }
    case 'close':
      return { ...state, open: false }
    case 'start':
      return { open: true, tour: command.tour, since: now }
    case 'leave':
      return { open: true, tour: null, since: null }
  }
}
