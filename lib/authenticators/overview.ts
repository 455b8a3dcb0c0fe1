import 'server-only'
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

export async function recallViews(): Promise<RecallView[]> {
  const recalls = await db().authenticatorRecall.findMany({ orderBy: { foundAt: 'desc' } })
  if (recalls.length === 0) return []
  const aaguids = recalls.map((recall) => recall.aaguid)
  const [models, groups, holders] = await Promise.all([
    db().authenticatorModel.findMany({ where: { aaguid: { in: aaguids } }, select: { aaguid: true, description: true } }),
    db().passkey.groupBy({ by: ['aaguid', 'userId'], where: { aaguid: { in: aaguids } }, _count: { _all: true }, _max: { verifiedModel: true } }),
    db().passkey.findMany({
      where: { aaguid: { in: aaguids } },
      orderBy: [{ aaguid: 'asc' }, { userId: 'asc' }],
      take: HOLDERS_SHOWN * recalls.length,
      select: {
        aaguid: true,
        name: true,
        verifiedModel: true,
        user: { select: { id: true, email: true, displayName: true, group: { select: { name: true } } } },
      },
    }),
  ])
  const groupOf = await holderGroups(groups.map((group) => group.userId))
  return recalls.map((recall) => {
    const byGroup = new Map<string, RecallGroup>()
    for (const holder of groups.filter((group) => group.aaguid === recall.aaguid)) {
      const group = groupOf.get(holder.userId)
      if (!group) continue
      const entry = byGroup.get(group.id) ?? { groupId: group.id, groupName: group.name, people: 0, passkeys: 0, verified: 0 }
      entry.people += 1
      entry.passkeys += count(holder._count._all)
      entry.verified += holder._max.verifiedModel ? 1 : 0
      byGroup.set(group.id, entry)
    }
    return {
      aaguid: recall.aaguid,
      model: models.find((model) => model.aaguid === recall.aaguid)?.description ?? recall.aaguid,
      status: recall.status,
      foundAt: recall.foundAt,
      notifiedAt: recall.notifiedAt,
      revokeAt: recall.revokeAt,
      groups: [...byGroup.values()].sort((a, b) => b.people - a.people || a.groupName.localeCompare(b.groupName)),
      holders: holders
        .filter((holder) => holder.aaguid === recall.aaguid)
        .slice(0, HOLDERS_SHOWN)
        .map((holder) => ({
          userId: holder.user.id,
          email: holder.user.email,
          name: holder.user.displayName,
          groupName: holder.user.group.name,
          passkeyName: holder.name,
          verified: holder.verifiedModel !== null,
        })),
    }
  })
}

/** Each holder's group, read once for all of them. */
async function holderGroups(userIds: string[]): Promise<Map<string, { id: string; name: string }>> {
  const users = await db().user.findMany({ where: { id: { in: [...new Set(userIds)] } }, select: { id: true, group: { select: { id: true, name: true } } } })
  return new Map(users.map((user) => [user.id, user.group]))
}
