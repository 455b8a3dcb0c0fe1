import { describe, expect, it } from 'vitest'
import { env } from '../env'
import { errorMessage } from '../errors'
import { answerRefusal } from './answer-refusal'
import { refusalAnswer, type GuardRefusal } from './refusal'

const REFUSALS: GuardRefusal[] = ['signed_in', 'signed_out', 'recovery_only', 'enrolment_required', 'step_up_required', 'not_found']

/** What Next.js's redirect() and notFound() throw, as the answer they stand for. */
function thrown(answer: () => unknown): string {
  try {
    answer()
  } catch (error) {
    const digest = String((error as { digest?: unknown }).digest)
    if (digest.startsWith('NEXT_REDIRECT;')) return `redirect ${digest.split(';')[2]}`
    if (digest === 'NEXT_HTTP_ERROR_FALLBACK;404') return 'not found'
    throw error
  }
  throw new Error('answered without leaving')
}

async function described(response: Response) {
  const location = response.headers.get('location')
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text()
  return location ? `${response.status} ${location}` : `${response.status} ${JSON.stringify(body)}`
}

const json = (error: string, extra: object = {}) => JSON.stringify({ error, message: errorMessage(error as never), ...extra })
const typed = { email: 'typed@example.com' }

describe('answerRefusal: each entry point’s answer to each refusal', () => {
  it('a page or a command is sent on, and comes back to its page after signing in', () => {
    for (const kind of ['page', 'command'] as const) {
      const answers = Object.fromEntries(REFUSALS.map((refusal) => [refusal, thrown(() => answerRefusal(refusal, { kind, returnTo: '/account/sessions' }))]))
      expect(answers).toEqual({
        signed_in: 'redirect /account',
        signed_out: 'redirect /sign-in?returnTo=%2Faccount%2Fsessions',
        recovery_only: 'redirect /recover/enroll',
        enrolment_required: 'redirect /account/enroll',
        step_up_required: 'redirect /sign-in?returnTo=%2Faccount%2Fsessions',
        not_found: 'not found',
      })
    }
  })

  it('a form answers a confirmation in place with what was typed, a role refusal without it, and sends the rest on', () => {
    const answer = (refusal: GuardRefusal) => answerRefusal(refusal, { kind: 'form', returnTo: '/account/recovery', values: typed })
    expect(answer('step_up_required')).toEqual({
      status: 'error',
      code: 'step_up_required',
      message: errorMessage('step_up_required'),
      confirmLabel: 'Confirm it’s you',
      values: typed,
    })
    expect(answer('not_found')).toEqual({ status: 'error', code: 'not_found', message: errorMessage('not_found') })
    expect(thrown(() => answer('signed_in'))).toBe('redirect /account')
    expect(thrown(() => answer('signed_out'))).toBe('redirect /sign-in?returnTo=%2Faccount%2Frecovery')
    expect(thrown(() => answer('recovery_only'))).toBe('redirect /recover/enroll')
    expect(thrown(() => answer('enrolment_required'))).toBe('redirect /account/enroll')
    // A form with nothing typed keeps nothing.
    expect(answerRefusal('step_up_required', { kind: 'form' })).toEqual({
      status: 'error',
      code: 'step_up_required',
      message: errorMessage('step_up_required'),
      confirmLabel: 'Confirm it’s you',
    })
  })

  it('a JSON route answers with a status and an error code, and tells a signed-in browser where to go', async () => {
    const answers: Record<string, string> = {}
    for (const refusal of REFUSALS) {
      const response = answerRefusal(refusal, { kind: 'json' })
      expect(response.headers.get('cache-control')).toBe('no-store, no-transform')
      answers[refusal] = await described(response)
    }
    expect(answers).toEqual({
      signed_in: `200 ${JSON.stringify({ redirectTo: '/account' })}`,
      signed_out: `401 ${json('signed_out')}`,
      recovery_only: `401 ${json('signed_out')}`,
      enrolment_required: `403 ${json('passkey_enrolment_required')}`,
      step_up_required: `403 ${json('step_up_required')}`,
      not_found: `404 ${json('not_found')}`,
    })
  })

  it('a download sends the browser on with a 303 (a recovery session to sign in) or answers a plain-text 404', async () => {
    const app = env().appUrl
    const answers: Record<string, string> = {}
    for (const refusal of REFUSALS) answers[refusal] = await described(answerRefusal(refusal, { kind: 'download', returnTo: '/account/profile' }))
    expect(answers).toEqual({
      signed_in: `303 ${app}/account`,
      signed_out: `303 ${app}/sign-in?returnTo=%2Faccount%2Fprofile`,
      recovery_only: `303 ${app}/sign-in?returnTo=%2Faccount%2Fprofile`,
      enrolment_required: `303 ${app}/account/enroll`,
      step_up_required: `303 ${app}/sign-in?returnTo=%2Faccount%2Fprofile`,
      not_found: `404 ${JSON.stringify(errorMessage('not_found'))}`,
    })
  })
})

describe('refusalAnswer', () => {
  it('sends the OpenID Connect interaction’s browser to sign in, or to enrol, and back to the interaction', () => {
    const here = '/oidc/interaction/abcdefghijkl'
    expect(refusalAnswer('signed_out', { kind: 'interaction', returnTo: here })).toEqual({ kind: 'go', to: `/sign-in?returnTo=${encodeURIComponent(here)}` })
    expect(refusalAnswer('recovery_only', { kind: 'interaction', returnTo: here })).toEqual({ kind: 'go', to: `/sign-in?returnTo=${encodeURIComponent(here)}` })
    expect(refusalAnswer('enrolment_required', { kind: 'interaction', returnTo: here })).toEqual({
      kind: 'go',
      to: `/account/enroll?returnTo=${encodeURIComponent(here)}`,
    })
  })

  it('brings a browser back only to a path of this site', () => {
    for (const returnTo of [undefined, '', '//evil.example/account', 'https://evil.example', '/\\evil.example']) {
      expect(refusalAnswer('signed_out', { kind: 'page', returnTo })).toEqual({ kind: 'go', to: '/sign-in' })
    }
    expect(refusalAnswer('signed_out', { kind: 'page', returnTo: '/admin/people?q=a b' })).toEqual({
      kind: 'go',
      to: `/sign-in?returnTo=${encodeURIComponent('/admin/people?q=a b')}`,
    })
  })
})
