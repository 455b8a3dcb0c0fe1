import 'server-only'
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { db } from '../db'
import { groupsExist } from '../policy/groups'
import type { UseCaseContext } from '../use-case'
import type { AppLevel } from './levels'
import { PAYMENT_APPROVAL } from './payment-approval'

/**
 * Apps registered to sign people in through the portal (OpenID Connect
 * relying parties). An admin registers them at /admin/apps; the provider
 * reads them through the adapter (lib/oidc/adapter.ts) as client metadata
 * (OpenID Connect Dynamic Client Registration 1.0 §2 names). Each change is
 * written with its history row, in one transaction.
 */

export type AppSummary = {
  id: string
  name: string
  clientType: 'public' | 'confidential'
  redirectUris: string[]
  postLogoutRedirectUris: string[]
  backchannelLogoutUri: string | null
  firstParty: boolean
  allowedGroups: string[]
  minimumLevel: AppLevel
  signingAlg: 'ES256' | 'RS256'
  /** Signs in on devices without a browser (RFC 8628): a CLI, a TV, a kiosk. */
  deviceSignIn: boolean
  /** Its refresh tokens outlive the portal session they came from (ADR 37). */
  refreshOutlivesSession: boolean
  createdAt: Date
  createdBy: string
  disabled: boolean
  /** Its security event stream (lib/ssf), as the apps page shows it; null when it has none. */
  signals: StreamSummary | null
}

export type StreamSummary = {
  status: 'enabled' | 'paused' | 'disabled'
  endpointUrl: string
  waiting: number
  lastDeliveredAt: Date | null
  lastError: string | null
  retryAt: Date | null
}

/** A loopback address may use http (a developer's machine, RFC 8252 §7.3); anything else must use https. */
function isAllowedUri(value: string): boolean {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  if (url.hash || url.username || url.password) return false
  if (url.protocol === 'https:') return true
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
}

const uri = (error: 'app_redirect_uris' | 'app_logout_uris' | 'app_backchannel_uri') => z.string().trim().max(500, error).refine(isAllowedUri, error)
const uriList = (error: 'app_redirect_uris' | 'app_logout_uris') =>
  z
    .string(error)
    .max(5_000, error)
    .transform((text) =>
      text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
    )
    .pipe(z.array(uri(error)).max(10, error))

const checkbox = z
  .literal('on', 'bad_request')
  .optional()
  .transform((value) => value === 'on')

/** The registration form, as the pipeline hands it over: text fields, a checkbox, the groups ticked. */
export const appInputSchema = z
  .object({
    name: z
      .string('app_name')
      .transform((value) => value.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim())
      .pipe(z.string().min(1, 'app_name').max(60, 'app_name')),
    redirectUris: uriList('app_redirect_uris'),
    postLogoutRedirectUris: uriList('app_logout_uris').optional().default([]),
    backchannelLogoutUri: z
      .union([z.literal('').transform(() => null), uri('app_backchannel_uri')])
      .optional()
      .default(null),
    clientType: z.enum(['public', 'confidential'], 'bad_request'),
    firstParty: checkbox,
    allowedGroups: z.array(z.string().min(1, 'app_groups').max(100, 'app_groups'), 'app_groups').max(100, 'app_groups'),
    minimumLevel: z.enum(['email', 'phishing-resistant'], 'bad_request'),
    signingAlg: z.enum(['ES256', 'RS256'], 'bad_request'),
    deviceSignIn: checkbox,
    refreshOutlivesSession: checkbox,
  })
  // An app signs in through a browser (a return address) or on a device (RFC 8628), or both; never neither.
  .refine((input) => input.redirectUris.length > 0 || input.deviceSignIn, { message: 'app_redirect_uris', path: ['redirectUris'] })
export type AppInput = z.infer<typeof appInputSchema>

/** The device authorization grant's grant type (RFC 8628 §3.4). */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'

const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex')

/** 256 random bits, prefixed so a secret scanner recognises it. */
const newSecret = () => `pps_${randomBytes(32).toString('base64url')}`

/**
 * The provider compares a presented client secret with the stored one; ours
 * stores only its SHA-256, so the presented secret is hashed first and the
 * hashes compared in constant time (ADR 19).
 */
export function secretMatches(storedHash: string | undefined, presented: string): boolean {
  if (!storedHash || storedHash.length !== 64) return false
  return timingSafeEqual(Buffer.from(storedHash, 'hex'), Buffer.from(hashSecret(presented), 'hex'))
}

const parseList = (text: string): string[] => {
  const value: unknown = JSON.parse(text)
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

type AppRow = Awaited<ReturnType<ReturnType<typeof db>['oidcApp']['findFirstOrThrow']>>
type StreamRow = Omit<StreamSummary, 'status' | 'waiting'> & { status: string; _count: { events: number } }

function streamSummary(row: StreamRow | null | undefined): StreamSummary | null {
  if (!row) return null
  const status = row.status === 'paused' || row.status === 'disabled' ? row.status : 'enabled'
  const { endpointUrl, lastDeliveredAt, lastError, retryAt } = row
  return { status, endpointUrl, waiting: row._count.events, lastDeliveredAt, lastError, retryAt }
}

function summary(row: AppRow & { securityEvents?: StreamRow | null }): AppSummary {
  return {
    id: row.id,
    name: row.name,
    clientType: row.clientType === 'confidential' ? 'confidential' : 'public',
    redirectUris: parseList(row.redirectUris),
    postLogoutRedirectUris: parseList(row.postLogoutRedirectUris),
    backchannelLogoutUri: row.backchannelLogoutUri,
    firstParty: row.firstParty,
    allowedGroups: parseList(row.allowedGroups),
    minimumLevel: row.minimumLevel === 'phishing-resistant' ? 'phishing-resistant' : 'email',
    signingAlg: row.signingAlg === 'RS256' ? 'RS256' : 'ES256',
    deviceSignIn: row.deviceSignIn,
    refreshOutlivesSession: row.refreshOutlivesSession,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    disabled: row.disabledAt !== null,
    signals: streamSummary(row.securityEvents),
  }
}

export async function listApps(): Promise<AppSummary[]> {
  const rows = await db().oidcApp.findMany({
    orderBy: [{ disabledAt: 'asc' }, { name: 'asc' }],
    take: 500,
    include: {
      securityEvents: {
        select: { status: true, endpointUrl: true, lastDeliveredAt: true, lastError: true, retryAt: true, _count: { select: { events: true } } },
      },
    },
  })
  return rows.map(summary)
}

/**
 * The client metadata the provider works with, or undefined for an unknown
 * or turned-off app. Authorization code (no implicit flow, no password
 * grant) where it has return addresses, and the device authorization grant
 * (RFC 8628 §3.4) where it signs in on devices; public apps authenticate
 * with nothing and must use PKCE, which the provider requires of every
 * authorization (RFC 9700 §2.1.1).
 */
export async function clientMetadata(id: string): Promise<Record<string, unknown> | undefined> {
  if (id.length > 100) return undefined
  const row = await db().oidcApp.findUnique({ where: { id } })
  if (!row || row.disabledAt) return undefined
  const app = summary(row)
  return {
    client_id: app.id,
    client_name: app.name,
    redirect_uris: app.redirectUris,
    post_logout_redirect_uris: app.postLogoutRedirectUris,
    grant_types: [...(app.redirectUris.length ? ['authorization_code'] : []), ...(app.deviceSignIn ? [DEVICE_CODE_GRANT] : []), 'refresh_token'],
    response_types: app.redirectUris.length ? ['code'] : [],
    token_endpoint_auth_method: app.clientType === 'public' ? 'none' : 'client_secret_basic',
    ...(app.clientType === 'confidential' && row.secretHash ? { client_secret: row.secretHash } : {}),
    id_token_signed_response_alg: app.signingAlg,
    ...(app.backchannelLogoutUri ? { backchannel_logout_uri: app.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
    first_party: app.firstParty,
    allowed_groups: app.allowedGroups,
    minimum_level: app.minimumLevel,
    // Any app may ask a person to approve a payment (RFC 9396): the portal shows it before the proof (ADR 19).
    authorization_details_types: [PAYMENT_APPROVAL],
  }
}

/**
 * Registers an app, open to the groups ticked (each must exist); a
 * confidential one gets its secret, returned here once and stored only hashed.
 */
export async function registerApp(
  input: AppInput,
  admin: { user: { email: string } },
  ctx: UseCaseContext,
): Promise<{ ok: true; app: AppSummary; secret: string | null } | { ok: false; reason: 'app_groups' }> {
  if (!(await groupsExist(input.allowedGroups))) return { ok: false, reason: 'app_groups' }
  const secret = input.clientType === 'confidential' ? newSecret() : null
  return db().$transaction(async (tx) => {
    const row = await tx.oidcApp.create({
      data: {
        id: `app_${randomBytes(12).toString('base64url')}`,
        name: input.name,
        redirectUris: JSON.stringify(input.redirectUris),
        postLogoutRedirectUris: JSON.stringify(input.postLogoutRedirectUris),
        backchannelLogoutUri: input.backchannelLogoutUri,
        clientType: input.clientType,
        secretHash: secret ? hashSecret(secret) : null,
        firstParty: input.firstParty,
        allowedGroups: JSON.stringify(input.allowedGroups),
        minimumLevel: input.minimumLevel,
        signingAlg: input.signingAlg,
        deviceSignIn: input.deviceSignIn,
        refreshOutlivesSession: input.refreshOutlivesSession,
        createdAt: new Date(),
        createdBy: admin.user.email,
      },
    })
    const app = summary(row)
    const detail = {
      clientId: app.id,
      name: app.name,
      clientType: app.clientType,
      firstParty: app.firstParty,
      minimumLevel: app.minimumLevel,
      groups: app.allowedGroups.length,
      deviceSignIn: app.deviceSignIn,
      refreshOutlivesSession: app.refreshOutlivesSession,
    }
    await ctx.audit({ type: 'app_registered', result: 'success', userId: null, detail }, tx)
    return { ok: true, app, secret } as const
  })
}

/** A new secret for a confidential app that is on; the old one stops working at once. Refused for any other app. */
export async function replaceAppSecret(
  input: { clientId: string },
  ctx: UseCaseContext,
): Promise<{ ok: true; secret: string } | { ok: false; reason: 'app_not_found' }> {
  const id = input.clientId
  const secret = newSecret()
  return db().$transaction(async (tx) => {
    const [app] = await tx.oidcApp.updateManyAndReturn({
      where: { id, clientType: 'confidential', disabledAt: null },
      data: { secretHash: hashSecret(secret) },
      select: { name: true },
    })
    if (!app) return { ok: false, reason: 'app_not_found' } as const
    await ctx.audit({ type: 'app_secret_replaced', result: 'success', userId: null, detail: { clientId: id, name: app.name } }, tx)
    return { ok: true, secret } as const
  })
}

/** Turns an app off: it can no longer sign anyone in, and every grant it holds is revoked. Refused when it was not on. */
export async function disableApp(
  input: { clientId: string },
  ctx: UseCaseContext,
): Promise<{ ok: true; name: string } | { ok: false; reason: 'app_not_found' }> {
  const id = input.clientId
  return db().$transaction(async (tx) => {
    const [app] = await tx.oidcApp.updateManyAndReturn({ where: { id, disabledAt: null }, data: { disabledAt: new Date() }, select: { name: true } })
    if (!app) return { ok: false, reason: 'app_not_found' } as const
    // Grants, codes and tokens all carry the client id; sessions keep a stale entry the provider ignores without a grant.
    await tx.oidcPayload.deleteMany({ where: { clientId: id } })
    await ctx.audit({ type: 'app_disabled', result: 'success', userId: null, detail: { clientId: id, name: app.name } }, tx)
    return { ok: true, name: app.name } as const
  })
}
