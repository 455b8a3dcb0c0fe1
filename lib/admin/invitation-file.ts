import 'server-only'
import { db } from '../db'
import { normalizeEmailAddress, type EmailAddressError } from '../email/address'
import type { InviteRow } from './invitations'

/**
 * Invitation files: up to MAX_CSV_ROWS people in a CSV file (email, name,
 * group), read into the rows to invite and a result for every line.
 */

/** One row of a CSV invitation file as the admin sees its outcome. */
export type CsvRowResult = {
  line: number
  email: string
  result: 'invited' | 'reinvited' | 'already_member' | 'invalid_address' | 'unknown_group'
  reason?: EmailAddressError
  /** When the link sent stops working (invited and reinvited lines, once sent). */
  expiresAt?: Date
}

export const MAX_CSV_ROWS = 1000

/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ',') {
      row.push(field)
      field = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += char
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows.filter((cells) => cells.some((cell) => cell.trim() !== ''))
}

/**
 * Reads an invitation file: email, name, group (name or id; empty is the
 * default group), an optional header line. Every row gets a result; the file
 * as a whole is refused (nothing invited) when it is not such a file.
 */
export async function readInvitationFile(
  text: string,
  defaultGroupId: string,
): Promise<{ ok: true; rows: InviteRow[]; results: CsvRowResult[] } | { ok: false; reason: 'csv_empty' | 'csv_too_many' }> {
  const lines = parseCsv(text)
  if (lines[0]?.[0]?.trim().toLowerCase() === 'email') lines.shift()
  if (lines.length === 0) return { ok: false, reason: 'csv_empty' }
  if (lines.length > MAX_CSV_ROWS) return { ok: false, reason: 'csv_too_many' }
  const groups = await db().group.findMany({ select: { id: true, name: true } })
  const groupFor = (value: string) => {
    const wanted = value.trim().toLowerCase()
    if (!wanted) return defaultGroupId
    return groups.find((group) => group.id === wanted || group.name.toLowerCase() === wanted)?.id ?? null
  }
  const rows: InviteRow[] = []
  const results: CsvRowResult[] = []
  const seen = new Set<string>()
  lines.forEach((cells, index) => {
    const line = index + 1
    const address = normalizeEmailAddress((cells[0] ?? '').slice(0, 400))
    if (!address.ok) {
      results.push({ line, email: (cells[0] ?? '').slice(0, 100), result: 'invalid_address', reason: address.error })
      return
    }
    const groupId = groupFor(cells[2] ?? '')
    if (!groupId) {
      results.push({ line, email: address.email, result: 'unknown_group' })
      return
    }
    if (seen.has(address.email)) return
    seen.add(address.email)
    const name =
      (cells[1] ?? '')
        .replace(/[\p{Cc}\p{Cs}\u202a-\u202e\u2066-\u2069]/gu, '')
        .trim()
        .slice(0, 60) || null
    rows.push({ email: address.email, name, groupId })
    results.push({ line, email: address.email, result: 'invited' })
  })
  return { ok: true, rows, results }
}
