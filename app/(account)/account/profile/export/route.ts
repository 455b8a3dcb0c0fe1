import { accountDataExport } from '@/lib/account/data-export'
import { recordEvent } from '@/lib/audit/record'
import { getCurrentSession } from '@/lib/auth/dal'
import { downloadResponse, signInFirst } from '@/lib/web/download'
import { getRequestContext } from '@/lib/web/request-context'

/** GET: everything the portal holds about the signed-in user, as one JSON file. */
export async function GET() {
  const session = await getCurrentSession()
  if (!session) return signInFirst('/account/profile')
  const data = await accountDataExport(session.user.id)
  await recordEvent({
    type: 'data_exported',
    result: 'success',
    userId: session.user.id,
    sessionId: session.sessionId,
    context: await getRequestContext(),
    detail: { format: 'account' },
  })
  return downloadResponse(JSON.stringify(data, null, 2), `account-data-${data.exportedAt.slice(0, 10)}.json`, 'application/json')
}
