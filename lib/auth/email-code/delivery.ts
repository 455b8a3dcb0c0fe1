import 'server-only'
import { recordEvent } from '../../audit/record'
import { db } from '../../db'
import { EmailDeliveryError } from '../../email/send'
import { log } from '../../ops/log'
import type { UseCaseContext } from '../../use-case'
import type { RequestContext } from '../../web/request-context'
import type { CreatedChallenge, SignInPolicy } from './challenge'
import { sendEmailChallenge } from './challenge-email'

const BACKGROUND_RETRY_DELAYS_MS = [2_000, 10_000, 30_000]

async function markUndeliverable(challengeId: string): Promise<void> {
  await db().emailChallenge.updateMany({ where: { id: challengeId, status: 'pending' }, data: { status: 'undeliverable' } })
}

async function logFailure(challenge: CreatedChallenge, context: RequestContext, error: unknown, attempt: number): Promise<void> {
  const statusCode = error instanceof EmailDeliveryError ? error.statusCode : null
  log().error(
    {
      purpose: challenge.purpose,
      attempt,
      statusCode,
      failure: error instanceof EmailDeliveryError ? error.failure : 'unreachable',
      error: (error as Error).message,
    },
    'An email with a code could not be sent',
  )
  await recordEvent({
    type: 'email_failed',
    result: 'failure',
    userId: challenge.userId,
    method: 'email',
    reason: 'provider_error',
    context,
    detail: { purpose: challenge.purpose, attempt, statusCode },
  })
}

/**
 * Sends a challenge's email (sign-in, or recovery with 'invite-only' since it
 * only emails known addresses) the way the policy allows without revealing
 * accounts. Open sign-up emails every address, so it sends on the request
 * path and can say when sending failed (the challenge is then marked
 * undeliverable, so none of its tokens works). Invite-only emails only known
 * accounts, so it always answers at once and sends after the response, with
 * retries; a final failure is logged and the challenge made undeliverable.
 */
export async function deliverChallengeEmail(
  challenge: CreatedChallenge,
  ctx: Pick<UseCaseContext, 'request' | 'later'>,
  timeZone: string,
  policy: SignInPolicy,
): Promise<'sent' | 'failed' | 'queued'> {
  const context = ctx.request
  if (policy === 'open') {
    if (!challenge.deliver) return 'sent'
    try {
      await sendEmailChallenge(challenge, context, timeZone)
      return 'sent'
    } catch (error) {
      await markUndeliverable(challenge.challengeId)
      await logFailure(challenge, context, error, 1)
      return 'failed'
    }
  }
  if (challenge.deliver) {
    ctx.later(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          await sendEmailChallenge(challenge, context, timeZone)
          return
        } catch (error) {
          await logFailure(challenge, context, error, attempt)
          const delay = BACKGROUND_RETRY_DELAYS_MS[attempt - 1]
          if (delay === undefined) return markUndeliverable(challenge.challengeId)
          await new Promise((resolve) => setTimeout(resolve, delay))
        }
      }
    })
  }
  return 'queued'
}
