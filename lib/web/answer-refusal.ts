import { notFound, redirect } from 'next/navigation'
import { env } from '../env'
import { errorMessage } from '../errors'
import { actionError, type ActionState } from './action-state'
import { jsonError, jsonOk } from './json-route'
import { refusalAnswer, type GuardRefusal } from './refusal'

/**
 * A guard's refusal answered the way Next.js answers this entry point
 * (lib/web/refusal.ts decides what the answer is): a page or command
 * redirects or shows "not found"; a form may return its error state, with
 * what was typed; a JSON route or download returns a Response.
 */
export function answerRefusal(refusal: GuardRefusal, entry: { kind: 'page' | 'command'; returnTo?: string }): never
export function answerRefusal<Field extends string>(
  refusal: GuardRefusal,
  entry: { kind: 'form'; returnTo?: string; values?: Partial<Record<Field, string>> },
): ActionState<Field>
export function answerRefusal(refusal: GuardRefusal, entry: { kind: 'json' } | { kind: 'download'; returnTo: string }): Response
export function answerRefusal(
  refusal: GuardRefusal,
  entry: { kind: 'page' | 'command' | 'form' | 'json' | 'download'; returnTo?: string; values?: Partial<Record<string, string>> },
): ActionState | Response {
  const answer = refusalAnswer(refusal, entry)
  const response = entry.kind === 'json' || entry.kind === 'download'
  switch (answer.kind) {
    case 'go':
      return response ? Response.redirect(new URL(answer.to, env().appUrl), 303) : redirect(answer.to)
    case 'not_found':
      return response ? new Response(errorMessage('not_found'), { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }) : notFound()
    case 'error':
      return response ? jsonError(answer.code, answer.status) : actionError(answer.code, { values: answer.keepTyped ? entry.values : undefined })
    case 'json':
      return jsonOk(answer.body)
  }
}
