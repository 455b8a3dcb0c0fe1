import { jsonRoute } from '@/lib/actions/pipeline'
import { jsonOk } from '@/lib/web/json-route'

export type SessionAnswer = {
  user: { id: string; email: string; displayName: string | null }
  method: string
  signedInAt: string
}

/**
 * The signed-in browser's session as JSON, for scripts on this site (and the
 * load benchmark): one statement, as every session check. A GET reads only;
 * a cross-site page cannot read the answer (no CORS headers).
 */
export const GET = jsonRoute({ guard: 'session', schema: null }, async ({ session }) => {
  const { id, email, displayName } = session.user
  return jsonOk<SessionAnswer>({ user: { id, email, displayName }, method: session.method, signedInAt: session.signedInAt.toISOString() })
})
