import { jsonRoute } from '@/lib/actions/pipeline'
import { passkeySignals } from '@/lib/auth/passkeys/management'
import type { PasskeySignals } from '@/lib/auth/passkeys/signals'
import { jsonOk } from '@/lib/web/json-route'

/**
 * The signed-in person's passkey signals (lib/auth/passkeys/signals.ts), for
 * this site's pages to hand to the browser after a sign-in and on the account
 * pages. A GET reads only, and a cross-site page cannot read the answer (no
 * CORS headers); the page asks by itself, so the idle timer is left alone.
 */
export const GET = jsonRoute({ guard: 'session', schema: null, background: true }, async ({ session }) =>
  jsonOk<PasskeySignals>(await passkeySignals(session.user)),
)
