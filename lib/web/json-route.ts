import { NextResponse } from 'next/server'
import type { z } from 'zod'
import { errorMessage, type ErrorCode } from '../errors'
import { env } from '../env'

/** Ceremony requests are small; anything bigger is refused before parsing. */
const MAX_JSON_BYTES = 64 * 1024

/**
 * Never cached; and never compressed: Next.js gzips every streamed answer,
 * whatever its size, and for these few hundred bytes that was some 5 % of a
 * passkey sign-in's server time (docs/performance.md). `no-transform` is what
 * its compression step (and any proxy on the way) honours to leave a body as is.
 */
const noStore = { 'Cache-Control': 'no-store, no-transform' }

export type JsonError = { error: ErrorCode; message: string; retryAt?: string; unknownCredentialId?: string }

export function jsonError(code: ErrorCode, status: number, extra: Omit<JsonError, 'error' | 'message'> = {}): NextResponse<JsonError> {
  const retryAt = extra.retryAt ? new Date(extra.retryAt) : undefined
  return NextResponse.json({ error: code, message: errorMessage(code, { retryAt }), ...extra }, { status, headers: noStore })
}

export function jsonOk<T>(body: T): NextResponse<T> {
  return NextResponse.json(body, { headers: noStore })
}

/**
 * Cookie-authenticated JSON endpoints answer this portal's own pages only (the
 * browser always sends Origin on POST): APP_URL's origin, or another origin
 * WEBAUTHN_ORIGINS lists for the same portal (a related origin, WebAuthn L3
 * §5.11), which has its own cookies and so its own sessions.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin')
  return origin !== null && env().webauthn.origins.includes(origin)
}

/**
 * Reads and validates a JSON body: 415 when it isn't JSON, 413 past the size
 * limit (counted while reading, whatever Content-Length says), 400 for bad
 * JSON or a shape the schema refuses. Never throws for client mistakes.
 */
export async function readJson<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
): Promise<{ ok: true; data: z.output<Schema> } | { ok: false; response: NextResponse<JsonError> }> {
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    return { ok: false, response: jsonError('bad_request', 415) }
  }
  if (Number(request.headers.get('content-length') ?? '0') > MAX_JSON_BYTES) return { ok: false, response: jsonError('request_too_large', 413) }
  const reader = request.body?.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > MAX_JSON_BYTES) {
        await reader.cancel()
        return { ok: false, response: jsonError('request_too_large', 413) }
      }
      chunks.push(value)
    }
  }
  let body: unknown
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    return { ok: false, response: jsonError('bad_request', 400) }
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) return { ok: false, response: jsonError('bad_request', 400) }
  return { ok: true, data: parsed.data }
}
