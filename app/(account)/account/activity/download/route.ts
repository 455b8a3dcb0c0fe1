import { z } from 'zod'
import { downloadRoute } from '@/lib/actions/pipeline'
import { historyCsv, historyList } from '@/lib/activity/export'
import { downloadResponse } from '@/lib/web/download'

/** GET ?format=csv|json: the signed-in user's whole history as a file. */
export const GET = downloadRoute(
  { guard: 'session', page: '/account/activity', query: z.object({ format: z.enum(['csv', 'json']) }) },
  async ({ data: { format }, session, audit }) => {
    const day = new Date().toISOString().slice(0, 10)
    await audit({ type: 'data_exported', result: 'success', detail: { format } })
    if (format === 'csv') return downloadResponse(await historyCsv(session.user.id), `activity-${day}.csv`, 'text/csv; charset=utf-8')
    return downloadResponse(JSON.stringify(await historyList(session.user.id), null, 2), `activity-${day}.json`, 'application/json')
  },
)
