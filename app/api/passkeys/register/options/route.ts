import { cookies } from 'next/headers'
import type { NextRequest } from 'next/server'
import { z } from 'zod'
import { getRecoveryOrCurrentSession } from '@/lib/auth/dal'
import { startPasskeyRegistration } from '@/lib/auth/passkeys/ceremonies'
import { isRecentlyVerified } from '@/lib/auth/session/step-up'
import { ceremonyCookie } from '@/lib/auth/passkeys/webauthn'
import { isSameOrigin, jsonError, jsonOk, readJson } from '@/lib/web/json-route'

/** Starts adding a passkey: only for a session that proved presence in the last 10 minutes, or a recovery session. */
export async function POST(request: NextRequest) {
  if (!isSameOrigin(request)) return jsonError('bad_request', 403)
  const body = await readJson(request, z.object({}).strict())
  if (!body.ok) return body.response
  const session = await getRecoveryOrCurrentSession()
  if (!session) return jsonError('signed_out', 401)
  if (!isRecentlyVerified(session)) return jsonError('step_up_required', 403)
  const { options, browserSecret } = await startPasskeyRegistration(session.user)
  ;(await cookies()).set(ceremonyCookie().name, browserSecret, ceremonyCookie().options)
  return jsonOk(options)
}
