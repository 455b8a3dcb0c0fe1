import 'server-only'
import { validIpAddress } from '../web/client-address'
import type { AuditEventType } from '../audit/record'
import { db } from '../db'
import { ambientTranslator } from '../i18n/ambient'
import type { Translator } from '../i18n/translator'
import { describeUserAgent } from '../user-agent'
import { describeEvent, type EventIcon, type NotePart } from './event-words'

/**
 * The sign-in history a user reads on /account/activity: their own events,
 * newest first, 25 a page, optionally of one category and one result, in the
 * reader's words. One query a page, on the AuditEvent indexes that start
 * with userId.
 */

export const ACTIVITY_PAGE_SIZE = 25

export const ACTIVITY_CATEGORIES = {
  sign_in: { types: ['sign_in', 'sign_in_requested', 'sign_in_approved', 'step_up', 'sign_out'] },
  passkeys: { types: ['passkey_added', 'passkey_renamed', 'passkey_removed', 'passkey_clone_suspected'] },
  recovery: {
    types: [
      'recovery_codes_generated',
      'totp_added',
      'totp_removed',
      'passkey_only_on',
      'passkey_only_off',
      'backup_email_added',
      'backup_email_removed',
      'recovery_requested',
      'recovery_email_proven',
      'recovery_factor',
      'account_recovered',
      'recovery_scheduled',
      'recovery_cancelled',
      'access_code_requested',
      'access_code_issued',
      'access_code_used',
      'access_code_reported',
      'access_code_expired',
    ],
  },
  sessions: { types: ['session_revoked', 'activity_reported'] },
  account: {
    types: ['account_created', 'profile_updated', 'email_change_requested', 'email_changed', 'notice_settings_changed', 'data_exported'],
  },
} as const satisfies Record<string, { types: readonly AuditEventType[] }>

export type ActivityCategory = keyof typeof ACTIVITY_CATEGORIES
export type ActivityResult = 'success' | 'failure'

/** Delivery records of our own emails and the passkey offer's funnel: kept in the audit log, not shown as account activity. */
const NOT_SHOWN: AuditEventType[] = ['email_sent', 'email_failed', 'passkey_nudge_offered', 'passkey_nudge_dismissed']

export type ActivityFilter = { category?: ActivityCategory; result?: ActivityResult }

export type ActivityItem = {
  id: string
  at: Date
  title: string
  note: string | null
  /** The note's facts, data (names, apps) apart from our words. */
  noteParts: NotePart[]
  icon: EventIcon
  result: ActivityResult
  device: string | null
  ipAddress: string | null
  /** The event happened in (or started) the session reading the page. */
  currentSession: boolean
}

export type ActivityPage = { items: ActivityItem[]; nextCursor: string | null }

export type Cursor = { at: Date; id: string }

/** Opaque position after the last row shown: its time and id (ties broken by id). */
function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.at.getTime()}.${cursor.id}`).toString('base64url')
}

export function decodeCursor(value: string | undefined | null): Cursor | null {
  if (!value || value.length > 100) return null
  const match = /^(\d{1,15})\.([a-z0-9]{1,40})$/.exec(Buffer.from(value, 'base64url').toString())
  if (!match) return null
  const at = new Date(Number(match[1]))
  return Number.isNaN(at.getTime()) ? null : { at, id: match[2]! }
}

/** Newest first, ties broken by id, so a cursor of (time, id) never skips or repeats a row. */
export const ACTIVITY_ORDER = [{ createdAt: 'desc' as const }, { id: 'desc' as const }]

/** The rows after `cursor` in ACTIVITY_ORDER. */
export function afterCursor(cursor: Cursor | null) {
  return cursor ? { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] } : {}
}

function activityWhere(userId: string, filter: ActivityFilter, cursor: Cursor | null) {
  return {
    userId,
    type: filter.category ? { in: [...ACTIVITY_CATEGORIES[filter.category].types] } : { notIn: NOT_SHOWN },
    ...(filter.result ? { result: filter.result } : {}),
    ...afterCursor(cursor),
  }
}

/**
 * One page of the user's history (one SELECT): one row more than a page says
 * whether another page follows. Titles and notes are in `t`'s language.
 */
export async function listActivity(
  userId: string,
  currentSessionId: string | null,
  filter: ActivityFilter = {},
  cursor: string | null = null,
  t: Translator['t'] = ambientTranslator().t,
): Promise<ActivityPage> {
  const rows = await db().auditEvent.findMany({
    where: activityWhere(userId, filter, decodeCursor(cursor)),
    orderBy: ACTIVITY_ORDER,
    take: ACTIVITY_PAGE_SIZE + 1,
    select: {
      id: true,
      type: true,
      result: true,
      method: true,
      reason: true,
      sessionId: true,
      ipAddress: true,
      userAgent: true,
      detail: true,
      createdAt: true,
    },
  })
  const page = rows.slice(0, ACTIVITY_PAGE_SIZE)
  const last = page.at(-1)
  return {
    items: page.map((row) => {
      const words = describeEvent(row, t)
      return {
        id: row.id,
        at: row.createdAt,
        title: words.title,
        note: words.note,
        noteParts: words.parts,
        icon: words.icon,
        result: row.result === 'failure' ? 'failure' : 'success',
        device: row.userAgent ? describeUserAgent(row.userAgent) : null,
        // Rows written before addresses were validated may hold free text: never shown as an address.
        ipAddress: validIpAddress(row.ipAddress),
        currentSession: currentSessionId !== null && row.sessionId === currentSessionId,
      }
    }),
    nextCursor: rows.length > ACTIVITY_PAGE_SIZE && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
  }
}

/** The event a user reports with "This wasn't me", if it is theirs. */
export async function findUserEvent(userId: string, eventId: string) {
  return db().auditEvent.findFirst({ where: { id: eventId, userId }, select: { id: true, type: true, createdAt: true } })
}
