import 'server-only'
import SCIMMY from 'scimmy'
import { env } from '../env'
import { databaseFault, isDatabaseUnreachable } from '../ops/database-fault'
import { errorFields, log } from '../ops/log'

/**
 * SCIM 2.0 wire format (RFC 7644) through scimmy: its schemas validate what
 * comes in and shape what goes out, its filter and PatchOp parsers read
 * requests, its resources answer ServiceProviderConfig, Schemas and
 * ResourceTypes, and its ErrorResponse is our error body (§3.12).
 */

export const SCIM_CONTENT_TYPE = 'application/scim+json'
/** The most a list answers in one page (ServiceProviderConfig.filter.maxResults). */
export const SCIM_MAX_RESULTS = 200
/**
 * The largest request body read (ServiceProviderConfig.bulk.maxPayloadSize says the same): under the 128 KB
 * the proxy buffers (next.config.mjs), past which Next.js would hand the route a cut-off body.
 */
export const SCIM_MAX_BODY_BYTES = 100 * 1024

export function scimJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': SCIM_CONTENT_TYPE, 'Cache-Control': 'no-store', ...headers } })
}

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error'

/** An error in SCIM's own format (RFC 7644 §3.12), `scimType` where one applies; also for 429, which scimmy's message does not take. */
export function scimError(status: number, scimType: string | null, detail: string, headers: Record<string, string> = {}): Response {
  return scimJson({ schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail }, status, headers)
}

/** A refusal to throw from a handler; `scimType` from RFC 7644 §3.12 where one applies. */
export function scimFailure(status: number, detail: string, scimType = ''): InstanceType<typeof SCIMMY.Types.Error> {
  return new SCIMMY.Types.Error(status, scimType, detail)
}

/** The answer for anything a handler threw: scimmy's own errors keep their status and type; nothing else leaks. */
export function scimErrorFor(error: unknown): Response {
  if (error instanceof SCIMMY.Types.Error) return scimError(error.status, error.scimType ?? null, error.message)
  if (error instanceof TypeError) return scimError(400, 'invalidValue', error.message)
  if (isDatabaseUnreachable(error)) {
    databaseFault(error)
    return scimError(503, null, 'The directory cannot be reached right now; nothing was changed. Try again in a minute.')
  }
  log().error(errorFields(error), 'A SCIM request failed')
  return scimError(500, null, 'The request could not be completed. Try again later.')
}

let configured = false

/** Sets scimmy's configuration and the resources' base path once per process. */
export function scimBase(): string {
  const base = `${env().appUrl}/scim/v2`
  if (!configured) {
    configured = true
    SCIMMY.Config.set({
      patch: true,
      filter: { supported: true, maxResults: SCIM_MAX_RESULTS },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: SCIM_MAX_BODY_BYTES },
      changePassword: false,
      sort: false,
      etag: false,
      authenticationSchemes: [
        { type: 'oauthbearertoken', name: 'Bearer token', description: 'A token made with npm run scim:token and listed (hashed) in SCIM_TOKENS.' },
      ],
    })
    for (const resource of [SCIMMY.Resources.User, SCIMMY.Resources.Group]) SCIMMY.Resources.declare(resource)
    for (const resource of [
      SCIMMY.Resources.User,
      SCIMMY.Resources.Group,
      SCIMMY.Resources.ResourceType,
      SCIMMY.Resources.Schema,
      SCIMMY.Resources.ServiceProviderConfig,
    ]) {
      resource.basepath(base)
    }
  }
  return base
}

/** The filter, attribute and paging parameters of a list request, parsed and checked by scimmy (400 invalidFilter on a bad one). */
export function listParameters(url: URL, resource: typeof SCIMMY.Resources.User | typeof SCIMMY.Resources.Group) {
  const query = url.searchParams
  const number = (name: string) => {
    const value = query.get(name)
    if (value === null) return undefined
    if (!/^-?\d{1,9}$/.test(value)) throw scimFailure(400, `${name} must be a whole number`, 'invalidValue')
    return Number(value)
  }
  const startIndex = Math.max(number('startIndex') ?? 1, 1)
  const count = Math.min(Math.max(number('count') ?? 100, 0), SCIM_MAX_RESULTS)
  const params: Record<string, string> = {}
  for (const name of ['filter', 'attributes', 'excludedAttributes']) {
    const value = query.get(name)
    if (value !== null) {
      if (value.length > 1000) throw scimFailure(400, `${name} is too long`, 'invalidFilter')
      params[name] = value
    }
  }
  const parsed = new resource(undefined, params)
  return { startIndex, count, filter: parsed.filter, attributes: parsed.attributes }
}

/** attributes / excludedAttributes of a request for one resource. */
export function shapeParameters(url: URL): { attributes?: string; excludedAttributes?: string } {
  const pick = (name: string) => {
    const value = url.searchParams.get(name)
    if (value !== null && value.length > 1000) throw scimFailure(400, `${name} is too long`, 'invalidFilter')
    return value ?? undefined
  }
  const attributes = pick('attributes')
  const excludedAttributes = pick('excludedAttributes')
  return { ...(attributes !== undefined ? { attributes } : {}), ...(excludedAttributes !== undefined ? { excludedAttributes } : {}) }
}

type ParsedFilter = InstanceType<typeof SCIMMY.Types.Filter>

/**
 * The one equality this server filters on, e.g. `userName eq "a@b.c"`: a
 * filter of any other shape gets 400 invalidFilter rather than a full scan.
 */
export function equalityFilter<K extends string>(filter: ParsedFilter | undefined, keys: Record<string, K>): { key: K; value: string } | null {
  if (!filter) return null
  const refuse = () => scimFailure(400, `This server filters on ${Object.keys(keys).join(', ')} with eq only.`, 'invalidFilter')
  if (filter.length !== 1) throw refuse()
  const entries = Object.entries(filter[0] as Record<string, unknown>)
  if (entries.length !== 1) throw refuse()
  let [attribute, expression] = entries[0]!
  // emails.value parses as { emails: { value: [...] } }
  if (expression && !Array.isArray(expression) && typeof expression === 'object') {
    const inner = Object.entries(expression as Record<string, unknown>)
    if (inner.length !== 1) throw refuse()
    attribute = `${attribute}.${inner[0]![0]}`
    expression = inner[0]![1]
  }
  const key = Object.entries(keys).find(([name]) => name.toLowerCase() === attribute.toLowerCase())?.[1]
  if (!key || !Array.isArray(expression) || String(expression[0]).toLowerCase() !== 'eq' || typeof expression[1] !== 'string') throw refuse()
  return { key, value: expression[1] }
}

/** A list response for one page that the caller already cut (scimmy's constructor would cut it again from startIndex). */
export function listResponse(resources: object[], page: { startIndex: number; total: number }) {
  const response = new SCIMMY.Messages.ListResponse(resources as InstanceType<typeof SCIMMY.Types.Schema>[], {
    totalResults: page.total,
    itemsPerPage: resources.length,
  })
  response.startIndex = page.startIndex
  return response
}

/** Refuses attributes a schema does not have (scimmy would drop them silently): RFC 7644 §3.12 invalidValue. */
export function refuseUnknownAttributes(body: unknown, schema: typeof SCIMMY.Schemas.User | typeof SCIMMY.Schemas.Group): void {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw scimFailure(400, 'The body must be one JSON object.', 'invalidSyntax')
  const known = new Set(schema.definition.attributes.map((attribute) => attribute.name.toLowerCase()))
  for (const name of Object.keys(body)) {
    if (!known.has(name.toLowerCase())) throw scimFailure(400, `Unknown attribute '${name.slice(0, 80)}'.`, 'invalidValue')
  }
  const schemas = (body as { schemas?: unknown }).schemas
  if (schemas !== undefined && (!Array.isArray(schemas) || schemas.some((id) => id !== schema.definition.id))) {
    throw scimFailure(400, `schemas must be ["${schema.definition.id}"].`, 'invalidValue')
  }
}

export { SCIMMY }
