import { cookies } from 'next/headers'
import type { NextRequest } from 'next/server'
import { z } from 'zod'
import { recordEvent } from '@/lib/audit/record'
import { getCurrentSession } from '@/lib/auth/dal'
import { verifyPasskeyAuthentication } from '@/lib/auth/passkeys/ceremonies'
import { safeReturnPath } from '@/lib/web/return-path'
import { confirmPresence } from '@/lib/auth/session/step-up'
import { authenticationResponseSchema, ceremonyCookie } from '@/lib/auth/passkeys/webauthn'
import { isSameOrigin, jsonError, jsonOk, readJson } from '@/lib/web/json-route'
import { getRequestContext } from '@/lib/web/request-context'

const bodySchema = z.object({ response: authenticationResponseSchema, returnTo: z.string().max(512).optional().nullable() }).strict()

/** Confirms presence with the user's own passkey; the session counts as freshly verified for 10 minutes. */
export async function POST(request: NextRequest) {
  if (!isSameOrigin(request)) return jsonError('bad_request', 403)
  const body = await readJson(request, bodySchema)
  if (!body.ok) return body.response
  const session = await getCurrentSession()
  if (!session) return jsonError('signed_out', 401)
  const jar = await cookies()
  const secret = jar.get(ceremonyCookie().name)?.value
  if (!secret || secret.length > 128) return jsonError('passkey_expired', 400)
  jar.delete(ceremonyCookie().name)
  const context = await getRequestContext()
  const userId = session.user.id

  const result = await verifyPasskeyAuthentication({ browserSecret: secret, response: body.data.response, purpose: 'step_up', userId, context })
  if (!result.ok) {
    await recordEvent({ type: 'step_up', result: 'failure', userId, method: 'passkey', reason: result.reason, sessionId: session.sessionId, context })
    return jsonError(result.reason, 400)
  }
  const sessionId = await confirmPresence(session)
  if (!sessionId) return jsonError('signed_out', 401)
  await recordEvent({ type: 'step_up', result: 'success', userId, method: 'passkey', sessionId, context })
  return jsonOk({ redirectTo: safeReturnPath(body.data.returnTo) ?? '/account' })
}
