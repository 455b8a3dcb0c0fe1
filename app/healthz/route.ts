import { jsonRoute } from '@/lib/actions/pipeline'

/** GET /healthz: the process is up and answering. Touches nothing else, so a database outage never restarts it. */
export const GET = jsonRoute({ guard: 'public', schema: null }, async () => Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } }))
