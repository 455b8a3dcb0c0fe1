import { jsonRoute } from '@/lib/actions/pipeline'
import { readiness } from '@/lib/ops/readiness'

/** GET /readyz: 200 when this instance can serve (lib/ops/readiness.ts), otherwise 503 naming the failing checks. */
export const GET = jsonRoute({ guard: 'public', schema: null }, async () => {
  const { ready, checks } = await readiness()
  return Response.json({ status: ready ? 'ready' : 'not_ready', checks }, { status: ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } })
})
