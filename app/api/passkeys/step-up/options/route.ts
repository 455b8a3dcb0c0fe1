import { cookies } from 'next/headers'
import type { NextRequest } from 'next/server'
import { z } from 'zod'
import { getCurrentSession } from '@/lib/auth/dal'
import { startPasskeyAuthentication } from '@/lib/auth/passkeys/ceremonies'
import { ceremonyCookie } from '@/lib/auth/passkeys/webauthn'
import { isSameOrigin, jsonError, jsonOk, readJson } from '@/lib/web/json-route'

/** Starts "confirm it's you" with one of the signed-in user's own passkeys. */
export async function POST(request: NextRequest) {
  if (!isSameOrigin(request)) return jsonError('bad_request', 403)
  const body = await readJson(request, z.object({}).strict())
  if (!body.ok) return body.response
  const session = await getCurrentSession()
  if (!session) return jsonError('signed_out', 401)
  const { options, browserSecret } = await startPasskeyAuthentication({ purpose: 'step_up', userId: session.user.id })
  ;(await cookies()).set(ceremonyCookie().name, browserSecret, ceremonyCookie().options)
  return jsonOk(options)
}
