import 'server-only'
import { join } from '@prisma/client/runtime/client'
import { db } from '../db'
import { METADATA_ID, type MetadataRefusal } from './metadata-refresh'
import { metadataSourceConfigured } from './metadata-source'

/**
 * The administrators' page of authenticator models: the metadata in use and
 * how its last refresh went, and each recall with its holders by group. The
 * holders are counted by the database (Passkey's aaguid index) and listed up
 * to HOLDERS_SHOWN; the rest are in the counts.
 */

export const HOLDERS_SHOWN = 100

export type MetadataStatus = {
  configured: boolean
  /** Null until a BLOB was loaded. */
  loaded: { blobNo: number; loadedAt: Date; nextUpdate: Date } | null
  lastAttemptAt: Date | null
  lastFailure: MetadataRefusal | null
  models: number
}

export type RecallGroup = { groupId: string; groupName: string; people: number; passkeys: number; verified: number }
export type RecallHolder = { userId: string; email: string; name: string | null; groupName: string; passkeyName: string; verified: boolean }

export type RecallView = {
  aaguid: string
  model: string
  status: string
  foundAt: Date
  notifiedAt: Date | null
  revokeAt: Date | null
  groups: RecallGroup[]
  holders: RecallHolder[]
}

/** Whether a verified BLOB is in use: verified-authenticator policies need one. */
export async function metadataLoaded(): Promise<boolean> {
  const row = await db().authenticatorMetadata.findUnique({ where: { id: METADATA_ID }, select: { blobNo: true } })
  return (row?.blobNo ?? 0) > 0
}

export async function metadataStatus(): Promise<MetadataStatus> {
  const [row, models] = await Promise.all([db().authenticatorMetadata.findUnique({ where: { id: METADATA_ID } }), db().authenticatorModel.count()])
  return {
    configured: metadataSourceConfigured(),
    loaded: row && row.blobNo > 0 ? { blobNo: row.blobNo, loadedAt: row.loadedAt, nextUpdate: row.nextUpdate } : null,
    lastAttemptAt: row?.lastAttemptAt ?? null,
    lastFailure: (row?.lastFailure as MetadataRefusal | null | undefined) ?? null,
    models,
  }
}

const count = (value: number | bigint | null) => Number(value ?? 0)

/**
 * Each recall with its holders counted by group in one statement (the
 * Passkey aaguid index), and the first HOLDERS_SHOWN of each listed: one
 * statement per recall that has any, so a recall of thousands never reads
 * them all, and a big one never crowds out the others.
 */
export async function recallViews(): Promise<RecallView[]> {
  const recalls = await db().authenticatorRecall.findMany({ orderBy: { foundAt: 'desc' } })
  if (recalls.length === 0) return []
  const aaguids = recalls.map((recall) => recall.aaguid)
  const [models, counts] = await Promise.all([
    db().authenticatorModel.findMany({ where: { aaguid: { in: aaguids } }, select: { aaguid: true, description: true } }),
    db().$queryRaw<{ aaguid: string; groupId: string; groupName: string; people: number | bigint; passkeys: number | bigint; verified: number | bigint }[]>`
      SELECT p."aaguid", g."id" AS "groupId", g."name" AS "groupName",
             COUNT(DISTINCT p."userId") AS "people", COUNT(*) AS "passkeys", COUNT(p."verifiedModel") AS "verified"
      FROM "Passkey" p JOIN "User" u ON u."id" = p."userId" JOIN "Group" g ON g."id" = u."groupId"
      WHERE p."aaguid" IN (${join(aaguids)})
      GROUP BY p."aaguid", g."id", g."name"`,
  ])
  const held = [...new Set(counts.map((row) => row.aaguid))]
  const holders = new Map(
    await Promise.all(
      held.map(async (aaguid) => {
        const rows = await db().passkey.findMany({
          where: { aaguid },
          orderBy: { userId: 'asc' },
          take: HOLDERS_SHOWN,
          select: { name: true, verifiedModel: true, user: { select: { id: true, email: true, displayName: true, group: { select: { name: true } } } } },
        })
        return [aaguid, rows] as const
      }),
    ),
  )
  return recalls.map((recall) => ({
    aaguid: recall.aaguid,
    model: models.find((model) => model.aaguid === recall.aaguid)?.description ?? recall.aaguid,
    status: recall.status,
    foundAt: recall.foundAt,
    notifiedAt: recall.notifiedAt,
    revokeAt: recall.revokeAt,
    groups: counts
      .filter((row) => row.aaguid === recall.aaguid)
      .map((row) => ({
        groupId: row.groupId,
        groupName: row.groupName,
        people: count(row.people),
        passkeys: count(row.passkeys),
        verified: count(row.verified),
      }))
      .sort((a, b) => b.people - a.people || a.groupName.localeCompare(b.groupName)),
    holders: (holders.get(recall.aaguid) ?? []).map((holder) => ({
      userId: holder.user.id,
      email: holder.user.email,
      name: holder.user.displayName,
      groupName: holder.user.group.name,
      passkeyName: holder.name,
      verified: holder.verifiedModel !== null,
    })),
  }))
}
