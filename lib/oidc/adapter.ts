import 'server-only'
import { createHmac } from 'node:crypto'
import { derivedKey } from '../crypto'
import { env } from '../env'
import { db } from '../db'
import { clientMetadata } from './apps'

/**
 * oidc-provider's storage interface (its `adapter` option) on the portal's
 * database, so every instance can continue what another started (ADR 19).
 * Each artifact is one OidcPayload row keyed by (model, id); the columns
 * beside the JSON are what the provider looks rows up by (grant, uid) and
 * what the portal needs (the account, to end a person's app sessions).
 * Registered apps are read from OidcApp instead (lib/oidc/apps.ts).
 */

type Payload = Record<string, unknown> & {
  grantId?: string
  uid?: string
  accountId?: string
  clientId?: string
  consumed?: number
  userCode?: string
}

/**
 * A user code as stored: an HMAC under a key derived from AUTH_SECRET, never the code (it bears a sign-in for
 * ten minutes). Keyed, because 20^8 codes are few enough to try all of them against a plain hash.
 */
const hashUserCode = (userCode: string) => createHmac('sha256', derivedKey('oidc-user-codes', env().authSecret)).update(userCode, 'utf8').digest('base64url')

const epoch = (date: Date) => Math.floor(date.getTime() / 1000)

export class PrismaOidcAdapter {
  constructor(private readonly model: string) {}

  async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
    // The user code is kept only as its HMAC (the column); a later save without it keeps the column as it is.
    const { userCode, ...stored } = payload
    const row = {
      payload: JSON.stringify(stored),
      grantId: typeof payload.grantId === 'string' ? payload.grantId : null,
      uid: typeof payload.uid === 'string' ? payload.uid : null,
      accountId: typeof payload.accountId === 'string' ? payload.accountId : null,
      clientId: typeof payload.clientId === 'string' ? payload.clientId : null,
      ...(typeof userCode === 'string' ? { userCode: hashUserCode(userCode) } : {}),
      expiresAt: typeof expiresIn === 'number' ? new Date(Date.now() + expiresIn * 1000) : null,
    }
    await db().oidcPayload.upsert({ where: { model_id: { model: this.model, id } }, create: { model: this.model, id, ...row }, update: row })
  }

  async find(id: string): Promise<Payload | undefined> {
    if (this.model === 'Client') return clientMetadata(id)
    const row = await db().oidcPayload.findUnique({ where: { model_id: { model: this.model, id } } })
    return row ? present(row, this.model) : undefined
  }

  async findByUid(uid: string): Promise<Payload | undefined> {
    const row = await db().oidcPayload.findFirst({ where: { model: this.model, uid } })
    return row ? present(row, this.model) : undefined
  }

  /** The device code a person's typed code names (RFC 8628 §3.3); the provider normalises it first. */
  async findByUserCode(userCode: string): Promise<Payload | undefined> {
    if (userCode.length > 64) return undefined
    const row = await db().oidcPayload.findFirst({ where: { userCode: hashUserCode(userCode), model: this.model } })
    const payload = row ? present(row, this.model) : undefined
    // The provider compares the code again with the payload's (in constant time): the code the HMAC matched.
    return payload ? { ...payload, userCode } : undefined
  }

  /** Marks a code or token used: a second exchange finds `consumed` set and the provider revokes the grant (RFC 6749 §4.1.2). */
  async consume(id: string): Promise<void> {
    await db().oidcPayload.updateMany({ where: { model: this.model, id, consumedAt: null }, data: { consumedAt: new Date() } })
  }

  async destroy(id: string): Promise<void> {
    await db().oidcPayload.deleteMany({ where: { model: this.model, id } })
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await db().oidcPayload.deleteMany({ where: { grantId } })
  }
}

function present(row: { payload: string; expiresAt: Date | null; consumedAt: Date | null }, model: string): Payload | undefined {
  // An expired row is gone as far as the provider is concerned; maintenance deletes it later. But a device code: the
  // provider checks its expiry itself, to tell the device expired_token and the person "expired" (RFC 8628 §3.5).
  if (model !== 'DeviceCode' && row.expiresAt && row.expiresAt.getTime() <= Date.now()) return undefined
  const payload = JSON.parse(row.payload) as Payload
  return row.consumedAt ? { ...payload, consumed: epoch(row.consumedAt) } : payload
}

/** Deletes artifacts past their lifetime (npm run maintenance). */
export async function deleteExpiredOidcPayloads(now = new Date()): Promise<number> {
  const { count } = await db().oidcPayload.deleteMany({ where: { expiresAt: { lte: now } } })
  return count
}

/**
 * Revokes a person's grants: each grant row and every code and token that
 * hangs off it, refresh tokens included (RFC 7009 §2.1). Grant rows carry no
 * grantId of their own, so they are matched by id.
 */
export async function deleteGrants(accountId: string, grantIds: string[], client: Pick<ReturnType<typeof db>, 'oidcPayload'> = db()): Promise<void> {
  if (grantIds.length === 0) return
  await client.oidcPayload.deleteMany({ where: { accountId, OR: [{ grantId: { in: grantIds } }, { model: 'Grant', id: { in: grantIds } }] } })
}
