import 'server-only'
import { emailCodeEmail } from '../../email/templates/email-code'
import { signInEmail } from '../../email/templates/sign-in'
import { sendEmail } from '../../email/send'
import { env } from '../../env'
import type { RequestContext } from '../../web/request-context'
import { describeUserAgent } from '../../user-agent'
import type { CreatedChallenge } from './challenge'

function formatTime(date: Date, timeZone: string): string {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(date)
  return `${time} (${timeZone === 'UTC' ? 'UTC' : timeZone.replaceAll('_', ' ')})`
}

/** Renders and sends the challenge's email (one attempt; the caller decides about failures). */
export async function sendEmailChallenge(challenge: CreatedChallenge, context: RequestContext, timeZone: string): Promise<void> {
  const { appName, appUrl } = env()
  const minutes = Math.round((challenge.expiresAt.getTime() - challenge.createdAt.getTime()) / 60_000)
  const details = {
    appName,
    code: challenge.code,
    validFor: `${minutes} minutes`,
    expiresAt: formatTime(challenge.expiresAt, timeZone),
    requestedFrom: describeUserAgent(context.userAgent),
    requestedAt: formatTime(challenge.createdAt, timeZone),
  }
  const email =
    challenge.purpose === 'sign_in'
      ? await signInEmail({
          ...details,
          // The group decides what signs in; what it does not allow is not in the email (and is refused if used).
          code: challenge.parts.code ? challenge.code : null,
          link: challenge.parts.link ? `${appUrl}/sign-in/link?token=${challenge.linkToken}` : null,
        })
      : await emailCodeEmail({ ...details, purpose: challenge.purpose })
  await sendEmail(challenge.email, email)
}
