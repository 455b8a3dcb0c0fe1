import { adoptReader } from '../i18n/reader'
import 'server-only'
import type { z } from 'zod'
import type { AuditEventType } from '../audit/record'
import { checkGuard, type CurrentSession, type Guard } from '../auth/dal'
import type { ErrorCode } from '../errors'
import { databaseFault, isDatabaseUnreachable } from '../ops/database-fault'
import { actionError, fieldError, formText, type ActionState } from '../web/action-state'
import { isSameOrigin, jsonError, readJson } from '../web/json-route'
import { answerRefusal } from '../web/answer-refusal'
import type { RequestContext } from '../web/request-context'
import type { UseCaseContext } from '../use-case'
import { contextOfRequest } from '../web/use-case-context'
import { countAttempt, limitError, limitUsedUp, type LimitPolicy, type LimitSubject } from '../limits/policies'

/**
 * Every server action and route is defined here, in one order: guard, parse,
 * limit, handler. The guard is one of a closed set (lib/auth/access.ts) and
 * runs before anything is read from the request; its refusal is answered as
 * lib/web/refusal.ts says for the kind of endpoint. The handler gets the
 * parsed data, the session the guard let through and ctx, the use-case
 * context (lib/use-case.ts): it hands them to one use case and maps the
 * outcome. ADR docs/decisions/0012-action-pipeline.md, 0025.
 */

/** Set on everything the definers return, so a test can find an action or route that bypasses them. */
export const PIPELINE = Symbol.for('passkey-portal.pipeline')

type SessionFor<G extends Guard> = G extends 'public' | 'anonymous' ? null : CurrentSession

/**
 * A rate limit the pipeline applies after parsing: counted per network unless
 * `email` names the address it counts; `check` only looks without counting.
 */
export type LimitRule<Data> = { policy: LimitPolicy; email?: (data: Data) => string; check?: boolean }

async function firstRefusal<Data>(rules: readonly LimitRule<Data>[], data: Data, context: RequestContext) {
  for (const rule of rules) {
    const subject: LimitSubject = rule.email ? { email: rule.email(data) } : { ipAddress: context.ipAddress }
    const retryAt = rule.check ? await limitUsedUp(rule.policy, subject) : await countAttempt(rule.policy, subject)
    if (retryAt) return { policy: rule.policy, retryAt }
  }
  return null
}

/** Marks an endpoint as defined here, with its guard (the session guards, a machine client's bearer token, or a provider's signature). */
export function mark<F extends (...args: never[]) => unknown>(fn: F, guard: Guard | 'scim-client' | 'ssf-client' | 'provider-signature'): F {
  Object.defineProperty(fn, PIPELINE, { value: { guard } })
  return fn
}

// ---------------------------------------------------------------- server actions

/**
 * A form field: `error` puts a parse failure on the field (the issue's message
 * when it is an error code, else this code); `echo` sends what was typed back
 * (cut to that many characters) so nothing is lost; `many` reads every value.
 */
export type FieldSpec = { error?: ErrorCode; echo?: number; many?: boolean }

type Typed<F> = Partial<Record<keyof F & string, string>>

/**
 * The field an issue belongs to. A field's name may be a dotted path into
 * what the schema builds ("stepUp.windowMinutes"): the longest name the
 * issue's path starts with wins.
 */
function fieldOf<Field extends string>(names: readonly Field[], path: readonly PropertyKey[]): Field | undefined {
  const joined = path.map(String).join('.')
  return names.filter((name) => joined === name || joined.startsWith(`${name}.`)).sort((a, b) => b.length - a.length)[0]
}

export type ActionInput<G extends Guard, Data, F> = {
  data: Data
  session: SessionFor<G>
  /** What was typed in the echoed fields, for error states. */
  typed: Typed<F>
  /** What the use case gets besides its data and session (lib/use-case.ts). */
  ctx: UseCaseContext
}

type FormActionConfig<G extends Guard, F extends Record<string, FieldSpec>, S extends z.ZodType> = {
  guard: G
  /** Where a signed-out browser comes back to after signing in. */
  page?: string
  fields: F
  schema: S
  /** The error for a parse failure on a field without an `error` of its own. */
  invalid?: ErrorCode
  limit?: readonly LimitRule<z.output<S>>[]
  /** The field a limit refusal is shown on. */
  limitField?: keyof F & string
  /** What a limit refusal is recorded as in the history. */
  event?: { type: AuditEventType; method?: string | ((data: z.output<S>) => string) }
}

/**
 * A server action that takes a form (useActionState's `(previous, form)`).
 * Server actions are public endpoints anyone can call with any arguments:
 * anything but FormData gets bad_request.
 */
export function defineAction<G extends Guard, F extends Record<string, FieldSpec>, S extends z.ZodType, State>(
  config: FormActionConfig<G, F, S>,
  handler: (input: ActionInput<G, z.output<S>, F>) => Promise<State>,
): (previous: State, form: FormData) => Promise<State> {
  type Field = keyof F & string
  const names = Object.keys(config.fields) as Field[]
  // The pipeline's own answers are error states of the form's fields, which every action's State includes.
  const action = async (_previous: State, form: FormData): Promise<State> => {
    try {
      return (await run(form)) as State
    } catch (error) {
      if (!isDatabaseUnreachable(error)) throw error
      // Whatever ran had its writes in one transaction, which the database did not commit: nothing was changed.
      databaseFault(error)
      return actionError<Field>('database_unavailable', { values: Object.keys(typedFrom(form)).length ? typedFrom(form) : undefined }) as State
    }
  }
  const typedFrom = (form: FormData): Typed<F> => {
    const typed: Typed<F> = {}
    if (!(form instanceof FormData)) return typed
    for (const name of names) {
      const echo = config.fields[name]!.echo
      if (echo) typed[name] = formText(form, name, echo)
    }
    return typed
  }
  const run = async (form: FormData): Promise<State | ActionState<Field>> => {
    const typed = typedFrom(form)
    const values = Object.keys(typed).length > 0 ? typed : undefined

    const decision = await checkGuard(config.guard)
    // The reader's language, for every error and message this request answers with (lib/i18n/ambient.ts).
    await adoptReader(decision.ok ? decision.session : null)
    if (!decision.ok) return answerRefusal<Field>(decision.refusal, { kind: 'form', returnTo: config.page, values })

    if (!(form instanceof FormData)) return actionError<Field>('bad_request')
    const raw = Object.fromEntries(names.map((name) => [name, config.fields[name]!.many ? form.getAll(name) : (form.get(name) ?? undefined)]))
    const parsed = config.schema.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const name = issue ? fieldOf(names, issue.path) : undefined
      const own = name ? config.fields[name]!.error : undefined
      if (name && own) return fieldError<Field>(name, issue?.message, own, values)
      return actionError<Field>(config.invalid ?? 'bad_request')
    }
    const data = parsed.data as z.output<S>

    const session = decision.session as SessionFor<G>
    const ctx = await contextOfRequest(session)
    const { request: context, audit } = ctx
    const refused = await firstRefusal(config.limit ?? [], data, context)
    if (refused) {
      const event = config.event
      if (event) {
        const method = typeof event.method === 'function' ? event.method(data) : event.method
        await audit({ type: event.type, result: 'failure', method, reason: 'rate_limited' })
      }
      return actionError<Field>(limitError(refused.policy), { field: config.limitField, retryAt: refused.retryAt, values })
    }
    return handler({ data, session, typed, ctx })
  }
  return mark(action, config.guard)
}

/**
 * A server action without fields: a button that posts a form (its arguments
 * are ignored) or a call from a component. It still passes its guard first.
 */
export function defineCommand<G extends Guard, Result>(
  config: { guard: G; page?: string },
  handler: (input: { session: SessionFor<G>; ctx: UseCaseContext }) => Promise<Result>,
): () => Promise<Result> {
  const command = async (): Promise<Result> => {
    const decision = await checkGuard(config.guard)
    // The reader's language, for every error and message this request answers with (lib/i18n/ambient.ts).
    await adoptReader(decision.ok ? decision.session : null)
    if (!decision.ok) return answerRefusal(decision.refusal, { kind: 'command', returnTo: config.page })
    const session = decision.session as SessionFor<G>
    const ctx = await contextOfRequest(session)
    return handler({ session, ctx })
  }
  return mark(command, config.guard)
}

// ---------------------------------------------------------------- routes

export type RouteInput<G extends Guard, Data> = {
  data: Data
  session: SessionFor<G>
  ctx: UseCaseContext
  request: Request
}

/**
 * A JSON route. A POST is answered only for this site's own pages (the
 * browser always sends Origin on POST), before the guard: nothing about the
 * session is read for a cross-site request. The body is JSON checked by
 * `schema`; `schema: null` reads no body. Refusals are JSON with a status:
 * signed out 401, confirmation needed 403, not for this role 404, and a
 * signed-in browser on a signed-out route is sent to its account.
 */
export function jsonRoute<G extends Guard, S extends z.ZodType>(
  config: {
    guard: G
    schema: S | null
    limit?: readonly LimitRule<z.output<S>>[] | ((data: z.output<S>) => readonly LimitRule<z.output<S>>[])
    /** Asked by a page by itself, not by the person: the guard's session read leaves the idle timer alone. */
    background?: boolean
  },
  handler: (input: RouteInput<G, z.output<S>>) => Promise<Response>,
): (request: Request) => Promise<Response> {
  const answer = async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && !isSameOrigin(request)) return jsonError('bad_request', 403)
    const decision = await checkGuard(config.guard, { background: config.background })
    // The reader's language, for every error and message this request answers with (lib/i18n/ambient.ts).
    await adoptReader(decision.ok ? decision.session : null)
    if (!decision.ok) return answerRefusal(decision.refusal, { kind: 'json' })
    let data = undefined as z.output<S>
    if (config.schema) {
      const body = await readJson(request, config.schema)
      if (!body.ok) return body.response
      data = body.data
    }
    const session = decision.session as SessionFor<G>
    const ctx = await contextOfRequest(session)
    const context = ctx.request
    const rules = typeof config.limit === 'function' ? config.limit(data) : (config.limit ?? [])
    const refused = await firstRefusal(rules, data, context)
    if (refused) return jsonError(limitError(refused.policy), 429, { retryAt: refused.retryAt.toISOString() })
    return handler({ data, session, ctx, request })
  }
  return mark(withDatabaseFaults(answer), config.guard)
}

/** A route whose database cannot be reached answers 503 in JSON, with the request id to quote. */
function withDatabaseFaults(answer: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      return await answer(request)
    } catch (error) {
      if (!isDatabaseUnreachable(error)) throw error
      databaseFault(error)
      return jsonError('database_unavailable', 503)
    }
  }
}

/**
 * A GET that answers with a file. A signed-out browser is sent to sign in and
 * brought back to `page`, the page that offers the download.
 */
export function downloadRoute<G extends Exclude<Guard, 'public' | 'anonymous'>, S extends z.ZodType>(
  config: { guard: G; page: string; query: S },
  handler: (input: { data: z.output<S>; session: CurrentSession; ctx: UseCaseContext }) => Promise<Response>,
): (request: Request) => Promise<Response> {
  const answer = async (request: Request): Promise<Response> => {
    const decision = await checkGuard(config.guard)
    // The reader's language, for every error and message this request answers with (lib/i18n/ambient.ts).
    await adoptReader(decision.ok ? decision.session : null)
    if (!decision.ok) return answerRefusal(decision.refusal, { kind: 'download', returnTo: config.page })
    const parsed = config.query.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return jsonError('bad_request', 400)
    const session = decision.session as CurrentSession
    const ctx = await contextOfRequest(session)
    return handler({ data: parsed.data, session, ctx })
  }
  return mark(withDatabaseFaults(answer), config.guard)
}
