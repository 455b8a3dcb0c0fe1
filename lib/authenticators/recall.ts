import 'server-only'
import { z } from 'zod'
import type { Administrator } from '../admin/lifecycle'
import { recordEvent } from '../audit/record'
import { sendPasskeyNotice } from '../auth/passkeys/notices'
import { db } from '../db'
import { BREAK_GLASS_GROUP } from '../policy/presets'
import { env } from '../env'
import { ADDRESSEE_FIELDS, addresseeOf } from '../notices/addresses'
import { composeNotices } from '../notices/delivery'
import { queueNotices } from '../notices/outbox'
import type { UseCaseContext } from '../use-case'

/**
 * A recall of an authenticator model the FIDO metadata reported compromised
 * or revoked (ADR 35): the administrators tell its holders, in their own
 * language, how to replace it, and choose the moment its passkeys stop
 * signing in. Passkeys of the model are found by AAGUID, verified or only
 * claimed: an honest authenticator claiming the model is that model.
 */

const AAGUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export const recallInputSchema = z.object({ aaguid: z.string().trim().toLowerCase().regex(AAGUID, 'recall_not_found') })

/** The date passkeys stop: a calendar day (the portal's zone is the form's), at least today, at most a year ahead. */
export const revokeInputSchema = recallInputSchema.extend({
  revokeOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'recall_date'),
})

const DAY_MS = 86_400_000
/** Maintenance acts for nobody's browser. */
const MAINTENANCE = { ipAddress: null, userAgent: null }
const NOTICE_BATCH = 500

export type RecallRefusal = { ok: false; reason: 'recall_not_found' | 'recall_date' | 'recall_not_told' }

/** Holders of a recall's passkeys, in pages by account so a recall of thousands never reads them all at once. */
async function holdersPage(aaguid: string, after: string | null) {
  return db().user.findMany({
    where: { passkeys: { some: { aaguid } }, ...(after ? { id: { gt: after } } : {}) },
    orderBy: { id: 'asc' },
    take: NOTICE_BATCH,
    select: { id: true, ...ADDRESSEE_FIELDS, passkeys: { where: { aaguid }, select: { name: true, revokeAt: true } } },
  })
}

/**
 * Queues a notice to every holder (the outbox sends them, the request does
 * not wait for the provider) and records that they were told. Telling them
 * again, after a new date, is allowed: the notice says the date in force.
 */
export async function notifyRecallHolders(
  input: z.output<typeof recallInputSchema>,
  admin: Administrator,
  ctx: Pick<UseCaseContext, 'audit' | 'request'>,
  now = new Date(),
): Promise<{ ok: true; people: number } | RecallRefusal> {
  const recall = await db().authenticatorRecall.findUnique({ where: { aaguid: input.aaguid } })
  if (!recall) return { ok: false, reason: 'recall_not_found' }
  const model = (await db().authenticatorModel.findUnique({ where: { aaguid: input.aaguid }, select: { description: true } }))?.description
  const { appUrl } = env()
  let people = 0
  for (let after: string | null = null; ;) {
    const page = await holdersPage(input.aaguid, after)
    if (page.length === 0) break
    const notices = page.flatMap((holder) =>
      composeNotices({
        to: addresseeOf(holder),
        own: false,
        record: { userId: holder.id, reason: 'authenticator_recalled', context: ctx.request },
        write: ({ t, format }) => ({
          title: t('notices.recall.title'),
          summary: t('notices.recall.summary', { model: model ?? input.aaguid }),
          details: [
            ...holder.passkeys.map((passkey): [string, string] => [t('notices.facts.passkey'), passkey.name]),
            [t('notices.recall.stops'), recall.revokeAt ? format.dateTime(recall.revokeAt, 'time') : t('notices.recall.notYet')],
          ],
          reviewUrl: `${appUrl}/account/passkeys`,
          reviewLabel: t('notices.recall.reviewLabel'),
          ifNotYou: t('notices.recall.steps'),
        }),
      }),
    )
    await queueNotices(notices, now)
    people += page.length
    after = page[page.length - 1]!.id
  }
  await db().$transaction(async (tx) => {
    await tx.authenticatorRecall.update({ where: { aaguid: input.aaguid }, data: { notifiedAt: now } })
    const detail = { aaguid: input.aaguid, model: model ?? null, people, by: admin.user.email }
    await ctx.audit({ type: 'authenticator_recall_notified', result: 'success', sessionId: null, detail }, tx)
  })
  return { ok: true, people }
}

/**
 * Sets the moment the model's passkeys stop signing in: the start of the
 * chosen day, in the organisation's zone. From then, a sign-in with one is
 * refused (the sign-in reads the column it already reads the passkey with)
 * and maintenance removes them. A passkey of the model added later gets
 * the same moment only through another scheduling. Only after the holders
 * were told; never the break-glass account's key.
 */
export async function scheduleRecallRevocation(
  input: z.output<typeof revokeInputSchema>,
  admin: Administrator,
  ctx: Pick<UseCaseContext, 'audit'>,
  now = new Date(),
): Promise<{ ok: true; revokeAt: Date; passkeys: number; breakGlassKept: number } | RecallRefusal> {
  const revokeAt = startOfDay(input.revokeOn)
  // Today is allowed (stop now): the start of today is at most a day ago.
  if (!revokeAt || revokeAt.getTime() < now.getTime() - DAY_MS || revokeAt.getTime() > now.getTime() + 366 * DAY_MS) {
    return { ok: false, reason: 'recall_date' }
  }
  return db().$transaction(async (tx) => {
    const recall = await tx.authenticatorRecall.findUnique({ where: { aaguid: input.aaguid }, select: { notifiedAt: true } })
    if (!recall) return { ok: false, reason: 'recall_not_found' } as const
    // Holders hear about it before their passkeys stop, never after.
    if (!recall.notifiedAt) return { ok: false, reason: 'recall_not_told' } as const
    await tx.authenticatorRecall.update({ where: { aaguid: input.aaguid }, data: { revokeAt, decidedBy: admin.user.email } })
    // The break-glass account has no other way in and no recovery: its key is replaced by hand, never stopped here.
    const passkeys = await tx.passkey.updateMany({ where: { aaguid: input.aaguid, user: { groupId: { not: BREAK_GLASS_GROUP } } }, data: { revokeAt } })
    const breakGlassKept = await tx.passkey.count({ where: { aaguid: input.aaguid, user: { groupId: BREAK_GLASS_GROUP } } })
    const detail = { aaguid: input.aaguid, revokeAt: revokeAt.toISOString(), passkeys: passkeys.count, breakGlassKept, by: admin.user.email }
    await ctx.audit({ type: 'authenticator_recall_scheduled', result: 'success', sessionId: null, detail }, tx)
    return { ok: true, revokeAt, passkeys: passkeys.count, breakGlassKept } as const
  })
}

/** Midnight at the start of `day` in the organisation's time zone. */
function startOfDay(day: string): Date | null {
  const utc = new Date(`${day}T00:00:00Z`)
  if (Number.isNaN(utc.getTime()) || utc.toISOString().slice(0, 10) !== day) return null
  const zone = env().defaultTimeZone
  // The zone's offset at that moment, from how it writes the UTC midnight.
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
    .formatToParts(utc)
    .reduce<Record<string, string>>((all, part) => ({ ...all, [part.type]: part.value }), {})
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute))
  return new Date(utc.getTime() - (local - utc.getTime()))
}

/**
 * Maintenance: removes the passkeys whose recall moment has passed (they
 * have not signed in since it), each with its history row, and tells the
 * owner as for any removed passkey.
 */
export async function removeRecalledPasskeys(now = new Date()): Promise<number> {
  let removed = 0
  for (;;) {
    const due = await db().passkey.findMany({
      where: { revokeAt: { lte: now } },
      take: NOTICE_BATCH,
      select: { id: true, userId: true, name: true, aaguid: true },
    })
    if (due.length === 0) return removed
    for (const passkey of due) {
      const gone = await db().$transaction(async (tx) => {
        const { count } = await tx.passkey.deleteMany({ where: { id: passkey.id, revokeAt: { lte: now } } })
        if (count === 0) return false
        const detail = { passkeyId: passkey.id, name: passkey.name, aaguid: passkey.aaguid }
        await recordEvent({ type: 'passkey_removed', result: 'success', userId: passkey.userId, reason: 'authenticator_recalled', detail }, now, tx)
        return true
      })
      if (!gone) continue
      removed += 1
      await sendPasskeyNotice('removed', { userId: passkey.userId, passkeyName: passkey.name, context: MAINTENANCE, at: now, own: false })
    }
  }
}
