import { z } from 'zod'
import { jsonRoute } from '@/lib/actions/pipeline'
import { startPasskeyAuthentication } from '@/lib/auth/passkeys/authentication'
import { bindCeremony } from '@/lib/auth/passkeys/challenges'
import { jsonOk } from '@/lib/web/json-route'

/** Starts "confirm it's you" with one of the signed-in user's own passkeys. */
export const POST = jsonRoute({ guard: 'session', schema: z.object({}).strict() }, async ({ session }) => {
  const { options, browserSecret } = await startPasskeyAuthentication({ purpose: 'step_up', userId: session.user.id })
  await bindCeremony(browserSecret)
  return jsonOk(options)
})
