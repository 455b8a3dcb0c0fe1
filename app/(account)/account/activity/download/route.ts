import { z } from 'zod'
import { downloadRoute } from '@/lib/actions/pipeline'
import { downloadHistory } from '@/lib/activity/export'
import { downloadResponse } from '@/lib/web/download'

/** GET ?format=csv|json: the signed-in user's whole history as a file. */
export const GET = downloadRoute(
  { guard: 'session', page: '/account/activity', query: z.object({ format: z.enum(['csv', 'json']) }) },
  async ({ data, session, ctx }) => {
    const day = new Date().toISOString().slice(0, 10)
    const history = await downloadHistory(data, session, ctx)
    if (history.format === 'csv') return downloadResponse(history.csv, `activity-${day}.csv`, 'text/csv; charset=utf-8')
    return downloadResponse(JSON.stringify(history.records, null, 2), `activity-${day}.json`, 'application/json')
  },
)
