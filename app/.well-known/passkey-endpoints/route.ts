import { jsonRoute } from '@/lib/actions/pipeline'
import { passkeyEndpoints } from '@/lib/auth/passkeys/well-known'

/** Where password managers send people to add or manage a passkey (lib/auth/passkeys/well-known.ts). Public, the same for everyone. */
export const GET = jsonRoute({ guard: 'public', schema: null }, async () =>
  Response.json(passkeyEndpoints(), { headers: { 'Cache-Control': 'public, max-age=86400', 'Access-Control-Allow-Origin': '*' } }),
)
