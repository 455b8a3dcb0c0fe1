import 'server-only'
import { empty, join, sqltag, type Sql } from '@prisma/client/runtime/client'
import { z } from 'zod'
import { db } from '../db'

/**
 * The administrators' list of people: search by the start of an address or a
 * name (case-insensitive), filter by group, status, passkey and recovery
 * readiness, 50 a page on a cursor of the address. One statement a page,
 * walking an index ordered by address (status + email, group + email, or
 * email), with the per-person figures read through their own indexes.
 */

export const PAGE_SIZE = 50

export const STATUSES = ['invited', 'active', 'suspended', 'deprovisioned'] as const
export const READINESS = ['ready', 'passkey_only', 'no_passkey'] as const
export type Readiness = (typeof READINESS)[number]

/** The filters as the page's query string carries them; anything unknown is dropped, not an error. */
export const peopleFilterSchema = z.object({
  q: z
    .string()
    .max(254)
    .optional()
    .transform((value) => value?.normalize('NFKC').trim().toLowerCase() || undefined)
    .catch(undefined),
  group: z.string().max(64).optional().catch(undefined),
  status: z.enum(STATUSES).optional().catch(undefined),
  passkey: z.enum(['yes', 'no']).optional().catch(undefined),
  readiness: z.enum(READINESS).optional().catch(undefined),
  after: z.string().max(320).optional().catch(undefined),
})

export type PeopleFilter = Partial<z.output<typeof peopleFilterSchema>>

export type PersonRow = {
  id: string
  email: string
  displayName: string | null
  groupId: string
  groupName: string
  status: (typeof STATUSES)[number]
  role: string
  passkeys: number
  lastSignInAt: Date | null
  readiness: Readiness
}

type RawRow = Omit<PersonRow, 'passkeys' | 'readiness' | 'lastSignInAt'> & {
  passkeys: number | bigint
  factors: number | bigint
  lastSignInAt: Date | string | null
}

// For a user row aliased u: a second factor for recovery (unused recovery codes, a confirmed authenticator app, or a
// proven backup address), and a passkey. Shared with the rollout figures.
export const hasFactor = sqltag`(EXISTS (SELECT 1 FROM "RecoveryCode" r WHERE r."userId" = u."id" AND r."usedAt" IS NULL)
  OR EXISTS (SELECT 1 FROM "TotpFactor" t WHERE t."userId" = u."id" AND t."confirmedAt" IS NOT NULL)
  OR u."backupEmailVerifiedAt" IS NOT NULL)`
export const hasPasskey = sqltag`EXISTS (SELECT 1 FROM "Passkey" p WHERE p."userId" = u."id")`

/** The next character after a prefix's range: everything that starts with `prefix` sorts between the two. */
const rangeEnd = (prefix: string) => `${prefix}\uffff`

export async function listPeople(filter: PeopleFilter): Promise<{ people: PersonRow[]; next: string | null }> {
  const conditions: Sql[] = []
  if (filter.q) {
    // Ranges rather than LIKE: both databases walk the btree for them, whatever the collation.
    conditions.push(
      sqltag`((u."email" >= ${filter.q} AND u."email" < ${rangeEnd(filter.q)}) OR (u."nameKey" >= ${filter.q} AND u."nameKey" < ${rangeEnd(filter.q)}))`,
    )
  }
  if (filter.group) conditions.push(sqltag`u."groupId" = ${filter.group}`)
  if (filter.status) conditions.push(sqltag`u."status" = ${filter.status}`)
  if (filter.passkey === 'yes') conditions.push(hasPasskey)
  if (filter.passkey === 'no') conditions.push(sqltag`NOT ${hasPasskey}`)
  if (filter.readiness === 'ready') conditions.push(sqltag`${hasPasskey} AND ${hasFactor}`)
  if (filter.readiness === 'passkey_only') conditions.push(sqltag`${hasPasskey} AND NOT ${hasFactor}`)
  if (filter.readiness === 'no_passkey') conditions.push(sqltag`NOT ${hasPasskey}`)
  if (filter.after) conditions.push(sqltag`u."email" > ${filter.after}`)
  const where = conditions.length > 0 ? sqltag`WHERE ${join(conditions, ' AND ')}` : empty
  const rows = await db().$queryRaw<RawRow[]>`
    SELECT u."id", u."email", u."displayName", u."groupId", g."name" AS "groupName", u."status", u."role",
      (SELECT COUNT(*) FROM "Passkey" p WHERE p."userId" = u."id") AS "passkeys",
      (CASE WHEN ${hasFactor} THEN 1 ELSE 0 END) AS "factors",
      (SELECT MAX(e."createdAt") FROM "AuditEvent" e WHERE e."userId" = u."id" AND e."type" = 'sign_in' AND e."result" = 'success') AS "lastSignInAt"
    FROM "User" u JOIN "Group" g ON g."id" = u."groupId"
    ${where}
    ORDER BY u."email"
    LIMIT ${PAGE_SIZE + 1}`
  const people = rows.slice(0, PAGE_SIZE).map((row) => {
    const passkeys = Number(row.passkeys)
    const readiness: Readiness = passkeys === 0 ? 'no_passkey' : Number(row.factors) > 0 ? 'ready' : 'passkey_only'
    return {
      id: row.id,
      email: row.email,
      displayName: row.displayName,
      groupId: row.groupId,
      groupName: row.groupName,
      status: row.status,
      role: row.role,
      passkeys,
      lastSignInAt: row.lastSignInAt === null ? null : new Date(row.lastSignInAt),
      readiness,
    }
  })
  return { people, next: rows.length > PAGE_SIZE ? people.at(-1)!.email : null }
}
