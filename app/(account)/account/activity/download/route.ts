import { NextResponse, type NextRequest } from 'next/server'
import { historyCsv, historyList } from '@/lib/activity/export'
import { recordEvent } from '@/lib/audit/record'
import { getCurrentSession } from '@/lib/auth/dal'
import { downloadResponse, signInFirst } from '@/lib/web/download'
import { getRequestContext } from '@/lib/web/request-context'

/** GET ?format=csv|json: the signed-in user's whole history as a file. */
export async function GET(request: NextRequest) {
  const session = await getCurrentSession()
  if (!session) return signInFirst('/account/activity')
  const format = request.nextUrl.searchParams.get('format')
  if (format !== 'csv' && format !== 'json') return NextResponse.json({ error: 'Ask for format=csv or format=json.' }, { status: 400 })
  const day = new Date().toISOString().slice(0, 10)
  await recordEvent({
    type: 'data_exported',
    result: 'success',
    userId: session.user.id,
    sessionId: session.sessionId,
    context: await getRequestContext(),
    detail: { format },
  })
  if (format === 'csv') return downloadResponse(await historyCsv(session.user.id), `activity-${day}.csv`, 'text/csv; charset=utf-8')
  return downloadResponse(JSON.stringify(await historyList(session.user.id), null, 2), `activity-${day}.json`, 'application/json')
}
