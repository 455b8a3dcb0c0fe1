import { jsonRoute } from '@/lib/actions/pipeline'
import { transmitterConfiguration } from '@/lib/ssf/streams'

/** The Shared Signals transmitter's metadata (SSF 1.0 §7.1): where apps manage their streams. Public, the same for everyone. */
export const GET = jsonRoute({ guard: 'public', schema: null }, async () =>
  Response.json(transmitterConfiguration(), { headers: { 'Cache-Control': 'public, max-age=3600' } }),
)
