import { z } from 'zod'
import { downloadRoute } from '@/lib/actions/pipeline'
import { accountDataExport } from '@/lib/account/data-export'
import { downloadResponse } from '@/lib/web/download'

/** GET: everything the portal holds about the signed-in user, as one JSON file. */
export const GET = downloadRoute({ guard: 'session', page: '/account/profile', query: z.object({}) }, async ({ session, audit }) => {
  const data = await accountDataExport(session.user.id)
  await audit({ type: 'data_exported', result: 'success', detail: { format: 'account' } })
  return downloadResponse(JSON.stringify(data, null, 2), `account-data-${data.exportedAt.slice(0, 10)}.json`, 'application/json')
})
