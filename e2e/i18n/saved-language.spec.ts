import { expect, test } from '@playwright/test'
import { chooseLanguage } from '../../lib/account/preferences'
import { db } from '../../lib/db'
import { testContext } from '../../testing/use-case'
import { normalize, say, saying } from '../support/catalogue'
import { enterCode, requestEmail } from '../support/email-sign-in'
import { emailsTo, latestEmailTo } from '../support/mailbox'
import { Visit } from '../support/site'

/**
 * Emails follow the language a person saved, not the browser that caused
 * them: someone who chose German gets German email even when an English
 * browser signs in to their account.
 */
test('a person who saved German gets the new-sign-in notice in German, though the browser that signed in asks for English', async ({ browser }) => {
  const visit = await Visit.open(browser, 'en')
  const { page } = visit
  try {
    const person = await visit.person()
    // Saved as the language switcher saves it for a signed-in person (app/language/actions.ts).
    await chooseLanguage({ locale: 'de' }, { user: { id: person.id, locale: null } }, testContext())
    expect((await db().user.findUniqueOrThrow({ where: { id: person.id }, select: { locale: true } })).locale).toBe('de')
    // They signed in before, elsewhere: this browser is new to the account. Dated now: an older row written now
    // would be a backdated row in the sealed log, which the audit specs (same database) would rightly report.
    await db().auditEvent.create({
      data: {
        type: 'sign_in',
        result: 'success',
        method: 'email_code',
        userId: person.id,
        ipAddress: '203.0.113.9',
        userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Safari/605.1.15',
        createdAt: new Date(Date.now() - 5_000),
      },
    })

    // Signed out, the page follows the browser: English.
    await requestEmail(page, person.email)
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    // The sign-in email is for whoever asked: in the language of the page that asked, whatever the account saved,
    // so what the requester sees never depends on the account (ADR 26).
    const signInEmail = await latestEmailTo(person.email)
    expect(signInEmail.subject).toBe('Sign in to Passkey Portal')
    const sent = (await emailsTo(person.email)).length
    await enterCode(page, signInEmail.text.match(/\b(\d{6})\b/)![1]!)
    await expect(page).toHaveURL(/\/account$/)
    // Signed in, the pages follow the saved choice too.
    await expect(page.locator('html')).toHaveAttribute('lang', 'de')

    let notice: Awaited<ReturnType<typeof latestEmailTo>> | undefined
    await expect
      .poll(async () => {
        notice = (await emailsTo(person.email)).slice(sent).at(-1)
        return notice?.subject
      })
      .toMatch(saying('de', 'New sign-in to your account'))
    expect(normalize(notice!.text)).toContain(say('de', 'Review your activity'))
    expect(notice!.text).not.toContain('Review your activity')
    expect(notice!.html).toMatch(/<html[^>]*\blang="de"/)
  } finally {
    await visit.close()
  }
})
