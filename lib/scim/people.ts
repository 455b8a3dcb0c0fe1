import 'server-only'
import { db, inParts, type Transaction } from '../db'

/**
 * What SCIM reads and writes of people (RFC 7643 §4.1), through indexes:
 * a page is one statement ordered by address plus a count, a filter is a
 * unique-key look-up. Deprovisioned accounts are gone as far as SCIM is
 * concerned (404, never listed): their row stays only for the history.
 */

export const SCIM_USER_SELECT = {
  id: true,
  email: true,
  displayName: true,
  externalId: true,
  status: true,
  role: true,
  createdAt: true,
  updatedAt: true,
  group: { select: { id: true, name: true } },
} as const

export type ScimPersonRow = {
  id: string
  email: string
  displayName: string | null
  externalId: string | null
  status: 'invited' | 'active' | 'suspended' | 'deprovisioned'
  role: string
  createdAt: Date
  updatedAt: Date
  group: { id: string; name: string }
}

/** The SCIM User an account is: its address is both userName and the one email; suspended is active: false. */
export function toScimUser(row: ScimPersonRow) {
  return {
    id: row.id,
    externalId: row.externalId ?? undefined,
    userName: row.email,
    displayName: row.displayName ?? undefined,
    name: row.displayName ? { formatted: row.displayName } : undefined,
    emails: [{ value: row.email, primary: true, type: 'work' }],
    active: row.status !== 'suspended',
    groups: [{ value: row.group.id, display: row.group.name, type: 'direct' }],
    meta: { created: row.createdAt, lastModified: row.updatedAt },
  }
}

const LISTED = { status: { not: 'deprovisioned' } } as const

/** One listed account by id; in a request's transaction when given, so a decision and the write it allows see the same row. */
export async function findScimPerson(id: string, client: Transaction = db()): Promise<ScimPersonRow | null> {
  if (id.length > 64) return null
  return client.user.findFirst({ where: { id, ...LISTED }, select: SCIM_USER_SELECT })
}

/** The one person a unique key names (userName, externalId or id), as a list of zero or one. */
export async function findScimPeopleBy(key: 'userName' | 'externalId' | 'id', value: string): Promise<ScimPersonRow[]> {
  if (value.length > 320) return []
  const where = key === 'userName' ? { email: value.normalize('NFKC').trim().toLowerCase() } : key === 'externalId' ? { externalId: value } : { id: value }
  const row = await db().user.findFirst({ where: { ...where, ...LISTED }, select: SCIM_USER_SELECT })
  return row ? [row] : []
}

/**
 * A page of everyone (SCIM's startIndex is 1-based), ordered by address
 * through the User(email) index, and how many there are in all.
 */
export async function listScimPeople(startIndex: number, count: number): Promise<{ rows: ScimPersonRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    count === 0
      ? Promise.resolve([])
      : db().user.findMany({ where: LISTED, orderBy: { email: 'asc' }, skip: startIndex - 1, take: count, select: SCIM_USER_SELECT }),
    db().user.count({ where: LISTED }),
  ])
  return { rows, total }
}

/** Name and external id, as a replace or patch leaves them, in the request's transaction; 'taken' when the external id is someone else's. */
export async function updateScimPerson(
  tx: Transaction,
  id: string,
  input: { displayName: string | null; externalId: string | null },
): Promise<'ok' | 'taken' | null> {
  if ((await externalIdHolder(tx, input.externalId, id)) !== null) return 'taken'
  const { count } = await tx.user.updateMany({
    where: { id, ...LISTED },
    data: { displayName: input.displayName, nameKey: input.displayName?.toLowerCase() ?? null, externalId: input.externalId },
  })
  return count === 0 ? null : 'ok'
}

/** Sets the external id of an account just created by invitation, in the same transaction. */
export async function setExternalId(tx: Transaction, id: string, externalId: string | null): Promise<'ok' | 'taken'> {
  if (!externalId) return 'ok'
  if ((await externalIdHolder(tx, externalId, id)) !== null) return 'taken'
  await tx.user.update({ where: { id }, data: { externalId }, select: { id: true } })
  return 'ok'
}

/** Who else holds an external id (the unique index), or null. */
async function externalIdHolder(tx: Transaction, externalId: string | null, id: string): Promise<string | null> {
  if (!externalId) return null
  const holder = await tx.user.findUnique({ where: { externalId }, select: { id: true } })
  return holder && holder.id !== id ? holder.id : null
}

export type ScimMember = { id: string; role: string; groupId: string }

/** Listed accounts by id, in a group PATCH's transaction, with what decides whether SCIM may move them; ids that name none are returned apart. */
export async function membersOf(tx: Transaction, ids: string[]): Promise<{ members: ScimMember[]; unknown: string[] }> {
  const rows: ScimMember[] = []
  for (const part of inParts(ids)) {
    rows.push(...(await tx.user.findMany({ where: { id: { in: part }, ...LISTED }, select: { id: true, role: true, groupId: true } })))
  }
  const found = new Set(rows.map((row) => row.id))
  return { members: rows, unknown: ids.filter((id) => !found.has(id)) }
}

/** Moves accounts into a group, in a group PATCH's transaction. */
export async function moveScimMembers(tx: Transaction, ids: string[], groupId: string): Promise<void> {
  for (const part of inParts(ids)) await tx.user.updateMany({ where: { id: { in: part } }, data: { groupId } })
}

/** Policy groups as SCIM Groups: id and name only (members are written, not read: RFC 7644 allows omitting them). */
export async function listScimGroups(): Promise<{ id: string; name: string; createdAt: Date }[]> {
  return db().group.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true, createdAt: true } })
}

export async function findScimGroup(id: string): Promise<{ id: string; name: string; createdAt: Date } | null> {
  if (id.length > 64) return null
  return db().group.findUnique({ where: { id }, select: { id: true, name: true, createdAt: true } })
}
