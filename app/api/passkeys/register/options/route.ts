import { z } from 'zod'
import { jsonRoute } from '@/lib/actions/pipeline'
import { registrationOptions } from '@/lib/auth/passkeys/add-passkey'
import { jsonOk } from '@/lib/web/json-route'

/**
 * Starts adding a passkey: only for a session that proved presence in the
 * last 10 minutes, or a recovery session. Pages fetch these options before
 * any press and refresh them while they stay open, so asking is not activity
 * that keeps the session alive.
 */
export const POST = jsonRoute({ guard: 'recovery-or-recently-verified', schema: z.object({}).strict(), background: true }, async ({ session, ctx }) =>
  jsonOk(await registrationOptions(session, ctx)),
)
