import { jsonRoute } from '@/lib/actions/pipeline'
import { mailboxRecipient, newestMailboxMessageId } from '@/lib/email/mailbox'
import { env } from '@/lib/env'
import { answerRefusal } from '@/lib/web/answer-refusal'
import { jsonOk } from '@/lib/web/json-route'

export type MailboxUpdate = { newest: string | null }

/**
 * GET ?to=…: the newest message's id, of all or of one recipient, which the
 * open mailbox asks for every few seconds to show new mail without a reload.
 * Reads only. Like the mailbox, it exists only where development tools do.
 */
export const GET = jsonRoute({ guard: 'public', schema: null }, async ({ request }) => {
  if (!env().devToolsEnabled) return answerRefusal('not_found', { kind: 'json' })
  const to = mailboxRecipient(new URL(request.url).searchParams.get('to'))
  return jsonOk<MailboxUpdate>({ newest: await newestMailboxMessageId(to) })
})
