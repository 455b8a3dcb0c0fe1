import 'server-only'
import type { z } from 'zod'
import type { StreamError } from './streams'

/** An SSF error answer (SSF 1.0 §8.1.1: JSON with the error and its description). */
export const ssfError = (status: number, error: string, description: string, headers: Record<string, string> = {}) =>
  Response.json({ error, error_description: description }, { status, headers: { 'Cache-Control': 'no-store', ...headers } })

/** A use case's outcome as SSF answers it: the body on success, its JSON error otherwise. */
export function ssfAnswer<T>(outcome: ({ ok: true } & T) | StreamError, body: (value: T) => unknown, status = 200): Response {
  if (!outcome.ok) return ssfError(outcome.status, outcome.error, outcome.description)
  const value = body(outcome)
  return value === null ? new Response(null, { status: 204 }) : Response.json(value, { status, headers: { 'Cache-Control': 'no-store' } })
}

/** Parses a body against a schema: the data, or a 400 that names no internals. */
export function parsed<S extends z.ZodType>(schema: S, body: unknown): { ok: true; data: z.infer<S> } | { ok: false; response: Response } {
  const result = schema.safeParse(body)
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, response: ssfError(400, 'invalid_request', 'The request does not match the stream configuration’s format.') }
}
