import type { ErrorCode } from '../errors'
import { safeReturnPath } from './return-path'

/**
 * Why a guard refused (lib/auth/access.ts decides which): a signed-in
 * browser on a signed-out flow, no session, a recovery session where it does
 * not count, a group's passkey not added yet, a confirmation that is not
 * recent, a role the person does not have.
 */
export type GuardRefusal = 'signed_in' | 'signed_out' | 'recovery_only' | 'enrolment_required' | 'step_up_required' | 'not_found'

/**
 * Where a refusal is answered, and the path a browser sent to sign in comes
 * back to: a page; a command (a server action without fields); a form (a
 * server action with fields); a JSON route; a download; the OpenID Connect
 * interaction, which the portal's server answers outside Next.js.
 */
export type EntryPoint = { kind: 'page' | 'command' | 'form' | 'json' | 'download' | 'interaction'; returnTo?: string }

/**
 * An answer, as data: send the browser to a path of this site; "not found";
 * an error code (a form's error state, which keeps what was typed when
 * `keepTyped`; a JSON route's body with `status`); or a JSON body telling
 * the page where to go.
 */
export type RefusalAnswer =
  | { kind: 'go'; to: string }
  | { kind: 'not_found' }
  | { kind: 'error'; code: ErrorCode; status: number; keepTyped: boolean }
  | { kind: 'json'; body: { redirectTo: string } }

const go = (to: string): RefusalAnswer => ({ kind: 'go', to })
const error = (code: ErrorCode, status: number, keepTyped = false): RefusalAnswer => ({ kind: 'error', code, status, keepTyped })

/** A page of this site that sends the browser back to `returnTo` when it is done (when that is a path of this site). */
function thenBack(page: string, returnTo: string | undefined): string {
  const back = safeReturnPath(returnTo)
  return back ? `${page}?returnTo=${encodeURIComponent(back)}` : page
}

const signIn = (returnTo?: string) => thenBack('/sign-in', returnTo)

/** Where each refusal sends a browser that is sent on. */
const PLACE: Record<Exclude<GuardRefusal, 'not_found'>, (returnTo?: string) => string> = {
  signed_in: () => '/account',
  signed_out: signIn,
  recovery_only: () => '/recover/enroll',
  enrolment_required: () => '/account/enroll',
  // Pages and commands never answer a confirmation in place (no guard of theirs asks for one).
  step_up_required: signIn,
}

/**
 * The one map from a guard's refusal to its answer, by entry point. Pages,
 * commands and forms send the browser on (a form answers a confirmation or a
 * role refusal in place, as an error state); JSON routes answer with a status;
 * a download sends a recovery session to sign in and refuses a role with a
 * bare 404; the OpenID Connect interaction comes back to itself after
 * enrolment too, and treats a recovery session as none (it never signs in to
 * an app). lib/web/answer-refusal.ts turns the answer into Next.js's.
 */
export function refusalAnswer(refusal: GuardRefusal, entry: { kind: 'interaction'; returnTo: string }): { kind: 'go'; to: string }
export function refusalAnswer(refusal: GuardRefusal, entry: EntryPoint): RefusalAnswer
export function refusalAnswer(refusal: GuardRefusal, entry: EntryPoint): RefusalAnswer {
  switch (entry.kind) {
    case 'page':
    case 'command':
      return refusal === 'not_found' ? { kind: 'not_found' } : go(PLACE[refusal](entry.returnTo))
    case 'form':
      if (refusal === 'step_up_required') return error('step_up_required', 403, true)
      // A role's action posted by someone without the role: refused like an unknown page, as a typed answer.
      if (refusal === 'not_found') return error('not_found', 404)
      return go(PLACE[refusal](entry.returnTo))
    case 'json':
      if (refusal === 'signed_in') return { kind: 'json', body: { redirectTo: '/account' } }
      if (refusal === 'step_up_required') return error('step_up_required', 403)
      if (refusal === 'enrolment_required') return error('passkey_enrolment_required', 403)
      if (refusal === 'not_found') return error('not_found', 404)
      return error('signed_out', 401)
    case 'download':
      if (refusal === 'not_found') return { kind: 'not_found' }
      return go(refusal === 'signed_in' || refusal === 'enrolment_required' ? PLACE[refusal]() : signIn(entry.returnTo))
    case 'interaction':
      return go(refusal === 'enrolment_required' ? thenBack('/account/enroll', entry.returnTo) : signIn(entry.returnTo))
  }
}
