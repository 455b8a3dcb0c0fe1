import { ssfRoute } from '@/lib/actions/ssf-route'
import { parsed, ssfAnswer } from '@/lib/ssf/answers'
import { verifySchema, verifyStream } from '@/lib/ssf/streams'

/** SSF 1.0 §8.1.4: asks for a verification event on the stream; 204, and the event follows by push. */
export const POST = ssfRoute({ body: true }, async ({ body, clientId }) => {
  const input = parsed(verifySchema, body)
  if (!input.ok) return input.response
  return ssfAnswer(await verifyStream(clientId, input.data), () => null)
})
