import 'server-only'
import { randomBytes } from 'node:crypto'
import { sha256 } from '../auth/email-code/challenge'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { emailTranslator } from '../email/words'
import { env } from '../env'
import { isLocale } from '../i18n/locales'
import { log } from '../ops/log'
import type { UseCaseContext } from '../use-case'
import type { CreatedText, TextPurpose } from './challenge'
import { sendText, SmsDeliveryError } from './send'

const RETRY_DELAYS_MS = [2_000, 10_000]

/**
 * The text: the code first (lock screens show the start), what it is for,
 * and the last line in the WebOTP format ("@host #code", WICG SMS OTP
 * format): browsers fill the code in only on our own origin, so a phishing
 * page cannot get it autofilled. The person's own language, never the
 * requesting browser's (whoever asked may not be the owner).
 */
export function textBody(purpose: TextPurpose, code: string, locale: string | null): string {
  const { appName, appUrl, defaultLocale } = env()
  const tr = emailTranslator({ locale: locale && isLocale(locale) ? locale : defaultLocale, timeZone: 'UTC' })
  const words = tr.t(purpose === 'sign_in' ? 'signIn.sms.text.signIn' : 'signIn.sms.text.phoneProof', { code, appName })
  return `${words}\n\n@${new URL(appUrl).host} #${code}`
}

/**
 * A text that could not be sent leaves its request unusable the way a
 * number that gets none is: its code hash is replaced by one nothing
 * matches, rather than its status changed, so a later guess is answered
 * "wrong code" as for any other number.
 */
async function markUndeliverable(challengeId: string): Promise<void> {
  await db().smsChallenge.updateMany({ where: { id: challengeId, status: 'pending' }, data: { codeHash: sha256(randomBytes(32).toString('hex')) } })
}

async function recordFailure(text: CreatedText, ctx: Pick<UseCaseContext, 'request'>, error: unknown, attempt: number): Promise<void> {
  const statusCode = error instanceof SmsDeliveryError ? error.statusCode : null
  log().error({ attempt, statusCode, error: (error as Error).message }, 'A text message with a code could not be sent')
  await recordEvent({
    type: 'sms_failed',
    result: 'failure',
    userId: text.userId,
    method: 'sms',
    reason: 'sms_provider_error',
    context: ctx.request,
    detail: { attempt, statusCode },
  })
}

/**
 * Sends a sign-in text after the response, with retries, so the answer to
 * "Text me a code" takes as long for a number that gets nothing: only the
 * owner's phone learns whether a text came. A final failure makes the
 * request unusable and is recorded.
 */
export function textAfterResponse(text: CreatedText, purpose: TextPurpose, locale: string | null, ctx: Pick<UseCaseContext, 'request' | 'later'>): void {
  if (!text.texted) return
  ctx.later(async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        await sendText(text.phone, textBody(purpose, text.code, locale))
        return
      } catch (error) {
        await recordFailure(text, ctx, error, attempt)
        const delay = RETRY_DELAYS_MS[attempt - 1]
        if (delay === undefined) return markUndeliverable(text.challengeId)
        await new Promise((resolve) => setTimeout(resolve, delay))
      }
    }
  })
}

/** Sends a text now, for a number the signed-in person is proving: they typed it, so a failure can be said. */
export async function textNow(text: CreatedText, purpose: TextPurpose, locale: string | null, ctx: Pick<UseCaseContext, 'request'>): Promise<boolean> {
  try {
    await sendText(text.phone, textBody(purpose, text.code, locale))
    return true
  } catch (error) {
    await recordFailure(text, ctx, error, 1)
    await markUndeliverable(text.challengeId)
    return false
  }
}
