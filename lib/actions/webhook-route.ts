import 'server-only'
import { countAttempt, limitUsedUp } from '../limits/policies'
import { readCappedBody } from '../web/capped-body'
import { getRequestContext } from '../web/request-context'
import { mark } from './pipeline'

/**
 * A provider's webhook (the email provider's delivery events): the same
 * order as every other route, for a machine that proves itself with a
 * signature over the body instead of a session. Limit: refused posts per
 * network (counted only on refusal, so a flood of forgeries cannot crowd out
 * the provider's own). Parse: a body of at most MAX_BODY_BYTES, read as text
 * because the signature covers its exact bytes. Guard: the handler verifies
 * the signature before anything else and says whether it did.
 */
const MAX_BODY_BYTES = 256 * 1024

export type WebhookAnswer = { status: 200 | 401 | 404 | 409 | 422; refused?: boolean }

const answer = (status: number) => new Response(null, { status, headers: { 'cache-control': 'no-store' } })

export function webhookRoute(handler: (body: string, headers: Headers) => Promise<WebhookAnswer>) {
  const route = async (request: Request): Promise<Response> => {
    const network = { ipAddress: (await getRequestContext()).ipAddress }
    if (await limitUsedUp('webhook-refused-per-ip', network)) return answer(429)
    const body = await readCappedBody(request, MAX_BODY_BYTES)
    if (body === null) return answer(413)
    const result = await handler(body, request.headers)
    if (result.refused) await countAttempt('webhook-refused-per-ip', network)
    return answer(result.status)
  }
  return mark(route, 'provider-signature')
}
