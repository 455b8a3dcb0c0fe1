import 'server-only'
import { clearedCookie, portalCookie } from '../../web/cookies'
import { recordEvent } from '../../audit/record'
import { db } from '../../db'
import { passkeySuggested } from '../../policy/decide'
import { BREAK_GLASS_GROUP } from '../../policy/presets'
import { readPolicy, type Policy } from '../../policy/schema'
import type { CookieJar, UseCaseContext } from '../../use-case'
import type { RequestContext } from '../../web/request-context'

/** How many credential IDs a browser remembers; the newest win. */
const MAX_REMEMBERED = 10

/**
 * Which passkeys this browser has created or used, so the passkey list can
 * say "this device" and the enrollment nudge knows when to stay quiet.
 * Credential IDs are public identifiers, not secrets; HTTP-only anyway.
 */
export function devicePasskeysCookie() {
  return portalCookie('portal.device-passkeys', { maxAge: 400 * 24 * 60 * 60 })
}

export function parseDevicePasskeys(value: string | undefined): string[] {
  if (!value || value.length > 4096) return []
  return value
    .split('.')
    .filter((id) => /^[A-Za-z0-9_-]{1,1366}$/.test(id))
    .slice(0, MAX_REMEMBERED)
}

/** Notes in this browser's cookie that it just created or used this passkey. */
export function rememberPasskeyOnDevice(jar: CookieJar, credentialId: string): void {
  const cookie = devicePasskeysCookie()
  jar.set(cookie.name, rememberDevicePasskey(jar.get(cookie.name)?.value, credentialId), cookie.options)
}

/** The cookie value after this browser used `credentialId` (most recent first). */
function rememberDevicePasskey(current: string | undefined, credentialId: string): string {
  return [credentialId, ...parseDevicePasskeys(current).filter((id) => id !== credentialId)]
    .filter((id) => id.length <= 400)
    .slice(0, MAX_REMEMBERED)
    .join('.')
}

/** "Not now" on the enrollment nudge keeps it away from this browser for 14 days. */
const NUDGE_SNOOZE_DAYS = 14

export function passkeyNudgeCookie() {
  return portalCookie('portal.passkey-nudge', { maxAge: NUDGE_SNOOZE_DAYS * 24 * 60 * 60 })
}

/** "Not now" on the passkey suggestion: hidden in this browser for 14 days, and recorded for the rollout funnel. */
export async function dismissPasskeyNudge(ctx: Pick<UseCaseContext, 'cookies' | 'audit'>): Promise<void> {
  const cookie = passkeyNudgeCookie()
  ctx.cookies.set(cookie.name, String(Date.now()), cookie.options)
  await ctx.audit({ type: 'passkey_nudge_dismissed', result: 'success' })
}

/** Whether a snooze cookie (holding the time of "Not now") still applies. */
export function nudgeSnoozed(value: string | undefined, now = new Date()): boolean {
  const snoozedAt = Number(value)
  if (!value || !Number.isFinite(snoozedAt)) return false
  return now.getTime() - snoozedAt < NUDGE_SNOOZE_DAYS * 24 * 60 * 60 * 1000
}

/**
 * Set by a passkey sign-in made with a passkey from another device (a phone
 * over the hybrid transport, or a security key), cleared by one made with a
 * passkey of this device: the offer to create one here follows it. It only
 * decides whether an offer shows, so a forged one can do no more than that.
 */
export function crossDeviceCookie() {
  return portalCookie('portal.cross-device', { maxAge: 24 * 60 * 60 })
}

/** Notes how this browser's passkey sign-in went: with this device's passkey, or with another device's. */
export function rememberPasskeySignIn(jar: CookieJar, passkey: { credentialId: string; crossDevice: boolean }): void {
  const cookie = crossDeviceCookie()
  if (passkey.crossDevice) {
    jar.set(cookie.name, '1', cookie.options)
    return
  }
  rememberPasskeyOnDevice(jar, passkey.credentialId)
  if (jar.has(cookie.name)) jar.set(clearedCookie(cookie))
}

/** What the offer asks of the person's group. */
export type OfferGroup = {
  /** The group suggests a passkey (the offer after an email sign-in). */
  suggested: boolean
  /**
   * A passkey may be created on whatever device the person is at: not the break-glass account (its keys are
   * chosen, ADR 14), nor a group that allows listed authenticators only (this device's may not be one).
   */
  anyDevice: boolean
}

export function offerGroup(groupId: string, policy: Policy): OfferGroup {
  return { suggested: passkeySuggested(policy), anyDevice: groupId !== BREAK_GLASS_GROUP && policy.authenticators.list !== 'allow' }
}

/**
 * The passkey offer's one rule, when "Not now" is not in force and none of
 * the person's passkeys was used in this browser: after an email sign-in when
 * the person's group suggests a passkey, and after a sign-in with another
 * device's passkey ("Sign in faster on this computer next time") when the
 * group lets a passkey be made on any device, suggested or not, since the
 * person already uses passkeys. `person` is read only when the cheap checks
 * pass.
 */
export async function offerDue(input: {
  method: string
  snoozed: string | undefined
  devicePasskeys: string | undefined
  crossDevice?: string | undefined
  person: () => Promise<(OfferGroup & { credentialIds: string[] }) | null>
}): Promise<boolean> {
  const afterEmail = input.method === 'email_code' || input.method === 'magic_link'
  const afterCrossDevice = input.method === 'passkey' && input.crossDevice === '1'
  if ((!afterEmail && !afterCrossDevice) || nudgeSnoozed(input.snoozed)) return false
  const person = await input.person()
  if (!person || (afterEmail && !person.suggested) || (afterCrossDevice && !person.anyDevice)) return false
  const here = new Set(parseDevicePasskeys(input.devicePasskeys))
  return !person.credentialIds.some((id) => here.has(id))
}

/**
 * After an email sign-in or a sign-in with another device's passkey, records
 * that the passkey offer will be shown (once per sign-in, after the
 * response): the rollout dashboard's nudge funnel starts here. The cookies
 * are read before the response and passed in.
 */
export async function recordNudgeOffer(input: {
  userId: string
  method: string
  devicePasskeys: string | undefined
  snoozed: string | undefined
  crossDevice?: string | undefined
  context: RequestContext
}): Promise<void> {
  const due = await offerDue({
    ...input,
    person: () => offerPerson(input.userId),
  })
  if (due) await recordEvent({ type: 'passkey_nudge_offered', result: 'success', userId: input.userId, method: input.method, context: input.context })
}

/** The person's group, as the offer asks of it, and their passkeys' credential IDs: one statement (a row per passkey, one with none). */
export async function offerPerson(userId: string): Promise<(OfferGroup & { credentialIds: string[] }) | null> {
  const rows = await db().$queryRaw<{ groupId: string; policy: string; credentialId: string | null }[]>`
    SELECT u."groupId", g."policy", p."credentialId" FROM "User" u JOIN "Group" g ON g."id" = u."groupId"
    LEFT JOIN "Passkey" p ON p."userId" = u."id"
    WHERE u."id" = ${userId}`
  if (rows.length === 0) return null
  return { ...offerGroup(rows[0]!.groupId, readPolicy(rows[0]!.policy)), credentialIds: rows.flatMap((row) => (row.credentialId ? [row.credentialId] : [])) }
}
