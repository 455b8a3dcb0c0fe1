import { ssfRoute } from '@/lib/actions/ssf-route'
import { parsed, ssfAnswer } from '@/lib/ssf/answers'
import { createStream, createStreamSchema, deleteStream, readStream, updateStream, updateStreamSchema } from '@/lib/ssf/streams'

/** SSF 1.0 §8.1.1: the app's stream configuration, made, read, changed (PATCH, PUT) and deleted by the app. */
export const GET = ssfRoute({ body: false }, async ({ url, clientId }) => {
  const streamId = url.searchParams.get('stream_id')
  // Without a stream_id, the list of the app's streams (SSF 1.0 §8.1.1.2): here none or one.
  if (streamId === null) {
    const read = await readStream(clientId, null)
    return Response.json(read.ok ? [read.stream] : [], { headers: { 'Cache-Control': 'no-store' } })
  }
  return ssfAnswer(await readStream(clientId, streamId), ({ stream }) => stream)
})

export const POST = ssfRoute({ body: true }, async ({ body, clientId, context }) => {
  const input = parsed(createStreamSchema, body)
  if (!input.ok) return input.response
  return ssfAnswer(await createStream(clientId, input.data, context), ({ stream }) => stream, 201)
})

const update = ssfRoute({ body: true }, async ({ body, clientId, context }) => {
  const input = parsed(updateStreamSchema, body)
  if (!input.ok) return input.response
  return ssfAnswer(await updateStream(clientId, input.data, context), ({ stream }) => stream)
})
export const PATCH = update
export const PUT = update

export const DELETE = ssfRoute({ body: false }, async ({ url, clientId, context }) =>
  ssfAnswer(await deleteStream(clientId, url.searchParams.get('stream_id'), context), () => null),
)
