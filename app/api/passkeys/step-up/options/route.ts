import { z } from 'zod'
import { jsonRoute } from '@/lib/actions/pipeline'
import { stepUpOptions } from '@/lib/auth/passkeys/step-up'
import { jsonOk } from '@/lib/web/json-route'

/** Starts "confirm it's you" with one of the signed-in user's own passkeys. */
export const POST = jsonRoute({ guard: 'session', schema: z.object({}).strict() }, async ({ session, ctx }) => jsonOk(await stepUpOptions(session, ctx)))
