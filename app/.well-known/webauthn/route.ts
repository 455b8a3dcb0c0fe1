import { jsonRoute } from '@/lib/actions/pipeline'
import { relatedOrigins } from '@/lib/auth/passkeys/well-known'

/**
 * The origins allowed to use this relying party's passkeys (WebAuthn L3 §5.11),
 * from configuration. Browsers fetch it themselves, without credentials; it
 * names only what WEBAUTHN_ORIGINS already makes public.
 */
export const GET = jsonRoute({ guard: 'public', schema: null }, async () =>
  Response.json(relatedOrigins(), { headers: { 'Cache-Control': 'public, max-age=3600' } }),
)
