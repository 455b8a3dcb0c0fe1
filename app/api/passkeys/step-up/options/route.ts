import { z } from 'zod'
import { jsonRoute } from '@/lib/actions/pipeline'
import { stepUpOptions } from '@/lib/auth/passkeys/step-up'
import { jsonOk } from '@/lib/web/json-route'

/**
 * Starts "confirm it's you" with one of the signed-in user's own passkeys.
 * The page fetches these options before any press and refreshes them while it
 * stays open, so asking is not activity that keeps the session alive.
 */
export const POST = jsonRoute({ guard: 'session', schema: z.object({}).strict(), background: true }, async ({ session, ctx }) =>
  jsonOk(await stepUpOptions(session, ctx)),
)
