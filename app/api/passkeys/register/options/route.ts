import { z } from 'zod'
import { jsonRoute } from '@/lib/actions/pipeline'
import { bindCeremony } from '@/lib/auth/passkeys/challenges'
import { startPasskeyRegistration } from '@/lib/auth/passkeys/registration'
import { jsonOk } from '@/lib/web/json-route'

/** Starts adding a passkey: only for a session that proved presence in the last 10 minutes, or a recovery session. */
export const POST = jsonRoute({ guard: 'recovery-or-recently-verified', schema: z.object({}).strict() }, async ({ session }) => {
  const { options, browserSecret } = await startPasskeyRegistration(session.user)
  await bindCeremony(browserSecret)
  return jsonOk(options)
})
