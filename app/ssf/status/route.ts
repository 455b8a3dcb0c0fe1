import { ssfRoute } from '@/lib/actions/ssf-route'
import { parsed, ssfAnswer } from '@/lib/ssf/answers'
import { readStatus, statusSchema, updateStatus } from '@/lib/ssf/streams'

/** SSF 1.0 §8.1.2: the stream's status, read and changed (enabled, paused, disabled) by its app. */
export const GET = ssfRoute({ body: false }, async ({ url, clientId }) =>
  ssfAnswer(await readStatus(clientId, url.searchParams.get('stream_id')), ({ status }) => status),
)

export const POST = ssfRoute({ body: true }, async ({ body, clientId, context }) => {
  const input = parsed(statusSchema, body)
  if (!input.ok) return input.response
  return ssfAnswer(await updateStatus(clientId, input.data, context), ({ status }) => status)
})
