import 'server-only'
import { db } from '../db'
import { localeCookie } from '../i18n/cookies'
import type { Locale } from '../i18n/locales'
import type { UseCaseContext } from '../use-case'

/**
 * The language switcher (sign-in page, profile): the choice is kept on this
 * browser in a cookie, and on the account when someone is signed in, so
 * their emails follow it (ADR 26). The answer is the same whether or not the
 * browser is signed in to anything: nothing about an address is read.
 */
export async function chooseLanguage(
  input: { locale: Locale },
  session: { user: { id: string; locale: string | null } } | null,
  ctx: UseCaseContext,
): Promise<void> {
  const cookie = localeCookie()
  ctx.cookies.set(cookie.name, input.locale, cookie.options)
  if (!session || session.user.locale === input.locale) return
  const userId = session.user.id
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { locale: input.locale }, select: { id: true } })
    await ctx.audit({ type: 'profile_updated', result: 'success', detail: { setting: 'locale', from: session.user.locale, to: input.locale } }, tx)
  })
}

/**
 * A zone the runtime knows, in the spelling it resolves to ("europe/berlin"
 * is "Europe/Berlin", "Etc/UTC" is "UTC"); null for anything else.
 */
export function knownTimeZone(value: string | null | undefined): string | null {
  if (!value || value.length > 64) return null
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone
  } catch {
    return null
  }
}

/**
 * The zones the profile offers: every IANA zone the runtime lists, UTC, and
 * the person's own when the list spells it differently (an older name a
 * browser reported, such as Asia/Calcutta), so the saved one is always there to select.
 */
export function timeZoneChoices(saved: string | null): string[] {
  const zones = new Set(Intl.supportedValuesOf('timeZone'))
  zones.add('UTC')
  if (saved) zones.add(saved)
  return [...zones].sort((a, b) => a.localeCompare(b, 'en'))
}

export type ChooseTimeZoneOutcome = { ok: true; timeZone: string } | { ok: false; reason: 'time_zone' }

/**
 * The zone a person reads times in, set in the profile; audited like any
 * profile change. A zone the runtime does not know is refused, not saved as UTC.
 */
export async function chooseTimeZone(input: { timeZone: string }, session: { user: { id: string } }, ctx: UseCaseContext): Promise<ChooseTimeZoneOutcome> {
  const timeZone = knownTimeZone(input.timeZone)
  if (!timeZone) return { ok: false, reason: 'time_zone' }
  const userId = session.user.id
  await db().$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { timeZone: true } })
    if (before.timeZone === timeZone) return
    await tx.user.update({ where: { id: userId }, data: { timeZone }, select: { id: true } })
    await ctx.audit({ type: 'profile_updated', result: 'success', detail: { setting: 'timeZone', from: before.timeZone, to: timeZone } }, tx)
  })
  return { ok: true, timeZone }
}

/**
 * A person's zone is first known from their browser (its cookie, on the first
 * page after they sign in): written once, only while none is saved, so a zone
 * set in the profile is never overwritten by travel. Not audited: nothing the
 * person chose changed.
 */
export async function rememberBrowserTimeZone(userId: string, zone: string): Promise<void> {
  // A cookie the runtime can't read as a zone is ignored, not saved as UTC for good.
  const timeZone = knownTimeZone(zone)
  if (!timeZone) return
  await db().user.updateMany({ where: { id: userId, timeZone: null }, data: { timeZone } })
}
