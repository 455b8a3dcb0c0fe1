import 'server-only'
import { emailCodeEmail } from '../../email/templates/email-code'
import { signInEmail } from '../../email/templates/sign-in'
import { challengeDeliveryRef } from '../../email/delivery-tags'
import { sendEmail } from '../../email/send'
import { browserIn, emailTranslator } from '../../email/words'
import { env } from '../../env'
import { recipientPreferences, type Preferences } from '../../i18n/preferences'
import type { RequestContext } from '../../web/request-context'
import type { CreatedChallenge } from './challenge'

/** The signed-in person a code is for (confirming a change): the language and zone they saved, null where none. */
export type CodeReader = { locale?: string | null; timeZone?: string | null }

/**
 * Whose language and zone a code's email is in (ADR 26). A browser that is
 * not signed in (sign-in, recovery) gets the language of the page that
 * asked, whether or not the address has an account, so nothing about the
 * email depends on the account. A signed-in person confirming a change
 * gets their saved choices first. The zone is the one the form sent (the
 * browser's), else the request's; a form without one says UTC.
 */
export function challengeEmailPreferences(context: RequestContext, formTimeZone: string, reader?: CodeReader | null): Preferences {
  const asked: Preferences = {
    locale: context.preferences?.locale ?? env().defaultLocale,
    timeZone: formTimeZone !== 'UTC' ? formTimeZone : (context.preferences?.timeZone ?? formTimeZone),
  }
  if (!reader) return asked
  return recipientPreferences({ locale: reader.locale ?? null, timeZone: reader.timeZone ?? null }, { preferences: asked }, true)
}

/** Renders and sends the challenge's email (one attempt; the caller decides about failures). */
export async function sendEmailChallenge(challenge: CreatedChallenge, context: RequestContext, timeZone: string, reader?: CodeReader | null): Promise<void> {
  const { appName, appUrl } = env()
  const tr = emailTranslator(challengeEmailPreferences(context, timeZone, reader))
  const details = {
    appName,
    requestedAt: challenge.createdAt,
    expiresAt: challenge.expiresAt,
    requestedFrom: browserIn(tr, context.userAgent),
  }
  const email =
    challenge.purpose === 'sign_in'
      ? await signInEmail(tr, {
          ...details,
          // The group decides what signs in; what it does not allow is not in the email (and is refused if used).
          code: challenge.parts.code ? challenge.code : null,
          link: challenge.parts.link ? `${appUrl}/sign-in/link?token=${challenge.linkToken}` : null,
        })
      : await emailCodeEmail(tr, { ...details, code: challenge.code, purpose: challenge.purpose })
  // The tags bring the provider's delivery events back to this challenge (lib/email/delivery-status.ts).
  await sendEmail(challenge.email, email, { tag: { kind: challenge.purpose, ref: challengeDeliveryRef(challenge.challengeId), userId: challenge.userId } })
}
