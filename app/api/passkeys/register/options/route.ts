import { z } from 'zod'
import { jsonRoute } from '@/lib/actions/pipeline'
import { registrationOptions } from '@/lib/auth/passkeys/add-passkey'
import { jsonOk } from '@/lib/web/json-route'

/** Starts adding a passkey: only for a session that proved presence in the last 10 minutes, or a recovery session. */
export const POST = jsonRoute({ guard: 'recovery-or-recently-verified', schema: z.object({}).strict() }, async ({ session, ctx }) =>
  jsonOk(await registrationOptions(session, ctx)),
)
