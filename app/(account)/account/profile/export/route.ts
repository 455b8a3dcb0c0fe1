import { z } from 'zod'
import { downloadRoute } from '@/lib/actions/pipeline'
import { exportAccountData } from '@/lib/account/data-export'
import { downloadResponse } from '@/lib/web/download'

/** GET: everything the portal holds about the signed-in user, as one JSON file. */
export const GET = downloadRoute({ guard: 'session', page: '/account/profile', query: z.object({}) }, async ({ session, ctx }) => {
  const data = await exportAccountData(session, ctx)
  return downloadResponse(JSON.stringify(data, null, 2), `account-data-${data.exportedAt.slice(0, 10)}.json`, 'application/json')
})
