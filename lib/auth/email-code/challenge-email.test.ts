import { describe, expect, it } from 'vitest'
import { testContext } from '../../../testing/use-case'
import { db } from '../../db'
import { translatorFor } from '../../i18n/translator'
import type { Preferences } from '../../i18n/preferences'
import { createEmailChallenge } from './challenge'
import { sendEmailChallenge } from './challenge-email'
import { requestSignIn } from './sign-in'

let browsers = 0
const address = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0'

/** A browser of its own network that asks in `preferences` (the page's language and its zone cookie). */
function browser(preferences?: Preferences) {
  browsers += 1
  return testContext({ request: { ipAddress: `198.51.100.${100 + browsers}`, userAgent: USER_AGENT, preferences } })
}

const mailTo = (to: string) => db().mailboxMessage.findFirstOrThrow({ where: { to }, select: { subject: true, html: true, text: true } })
/** An email with its code, link and times taken out: what two requests at different moments have in common. */
const shape = (text: string) =>
  text
    .replace(/\b\d{6}\b/g, 'CODE')
    .replace(/token=[A-Za-z0-9_-]+/g, 'token=TOKEN')
    .replace(/\d{1,2}:\d\d/g, 'HH:MM')

describe('the sign-in email', () => {
  it('is in the language of the page that asked, for an account that saved another language as for an unknown address', async () => {
    const known = await db().user.create({
      data: { email: address('arabic'), emailVerifiedAt: new Date(), locale: 'ar', timeZone: 'Asia/Dubai' },
      select: { email: true },
    })
    const unknown = address('nobody')
    const german = { locale: 'de', timeZone: 'Europe/Berlin' } as const
    for (const email of [known.email, unknown])
      expect(await requestSignIn({ email, returnTo: null, timeZone: 'Europe/Berlin' }, browser(german))).toEqual({ ok: true })
    const [forKnown, forUnknown] = [await mailTo(known.email), await mailTo(unknown)]
    expect(forKnown.subject).toBe('Bei Passkey Portal anmelden')
    expect(forKnown.html).toMatch(/<html[^>]*\blang="de"/)
    expect(forKnown.text).toContain('Geben Sie diesen Code auf der Anmeldeseite ein:')
    expect(forKnown.text).toContain('Chrome unter Linux')
    // Nothing about the language, the zone or the wording tells the two apart.
    expect(shape(forKnown.text).replaceAll(known.email, 'ADDRESS')).toBe(shape(forUnknown.text).replaceAll(unknown, 'ADDRESS'))
    expect(shape(forKnown.html)).toBe(shape(forUnknown.html))
  })

  it('names its times in the zone the form sent, else the request’s', async () => {
    const email = address('zones')
    const context = { ipAddress: '198.51.100.250', userAgent: USER_AGENT, preferences: { locale: 'en', timeZone: 'Asia/Tokyo' } } as const
    const challenge = await createEmailChallenge({ email, returnTo: null, context, policy: 'open' })
    await sendEmailChallenge(challenge, context, 'America/New_York')
    const clock = (zone: string) => translatorFor('en', zone).format.dateTime(challenge.expiresAt, 'clock')
    expect((await mailTo(email)).text).toContain(`expire in 10 minutes, at ${clock('America/New_York')}, and work once`)
    expect(clock('America/New_York')).toMatch(/ E[SD]T$/)

    // A form without a zone (no script) says UTC: the zone cookie, or the organisation's, stands in.
    const other = address('zones')
    const second = await createEmailChallenge({ email: other, returnTo: null, context, policy: 'open' })
    await sendEmailChallenge(second, context, 'UTC')
    expect((await mailTo(other)).text).toContain(`at ${translatorFor('en', 'Asia/Tokyo').format.dateTime(second.expiresAt, 'clock')}`)
  })

  it('in Arabic reads right to left, the code and the link left to right', async () => {
    const email = address('rtl')
    const context = { ipAddress: '198.51.100.251', userAgent: USER_AGENT, preferences: { locale: 'ar', timeZone: 'Asia/Dubai' } } as const
    const challenge = await createEmailChallenge({ email, returnTo: null, context, policy: 'open' })
    await sendEmailChallenge(challenge, context, 'Asia/Dubai')
    const { subject, html, text } = await mailTo(email)
    expect(subject).toBe('تسجيل الدخول إلى Passkey Portal')
    expect(html).toMatch(/<html[^>]*\bdir="rtl"/)
    expect(html).toMatch(/<html[^>]*\blang="ar"/)
    expect(html).toMatch(/<body[^>]*\bdir="rtl"/)
    expect(html).toContain('direction:rtl;text-align:right')
    expect(html).toMatch(/<span dir="ltr">http:\/\/localhost:3000\/sign-in\/link\?token=/)
    expect(html).toMatch(new RegExp(`direction:ltr[^>]*>${challenge.code}<`))
    expect(text).toContain(translatorFor('ar', 'Asia/Dubai').format.dateTime(challenge.expiresAt, 'clock'))
  })
})

describe('an emailed code for someone signed in', () => {
  it('is in the language and zone they saved, whatever the browser asks in', async () => {
    const user = await db().user.create({ data: { email: address('saved'), locale: 'de', timeZone: 'Europe/Berlin' }, select: { id: true, email: true } })
    const context = { ipAddress: '198.51.100.252', userAgent: USER_AGENT, preferences: { locale: 'en', timeZone: 'America/New_York' } } as const
    const challenge = await createEmailChallenge({
      email: user.email,
      returnTo: null,
      context,
      purpose: 'step_up',
      recipient: { userId: user.id, deliver: true },
    })
    await sendEmailChallenge(challenge, context, 'America/New_York', { locale: 'de', timeZone: 'Europe/Berlin' })
    const { subject, text } = await mailTo(user.email)
    expect(subject).toBe('Bestätigen Sie bei Passkey Portal, dass Sie es sind')
    expect(text).toContain(`Der Code läuft in 10 Minuten ab, um ${translatorFor('de', 'Europe/Berlin').format.dateTime(challenge.expiresAt, 'clock')}`)
  })

  it('without saved choices follows their browser', async () => {
    const user = await db().user.create({ data: { email: address('unsaved') }, select: { id: true, email: true } })
    const context = { ipAddress: '198.51.100.253', userAgent: USER_AGENT, preferences: { locale: 'ar', timeZone: 'Asia/Dubai' } } as const
    const challenge = await createEmailChallenge({
      email: user.email,
      returnTo: null,
      context,
      purpose: 'step_up',
      recipient: { userId: user.id, deliver: true },
    })
    await sendEmailChallenge(challenge, context, 'Asia/Dubai', { locale: null, timeZone: null })
    expect((await mailTo(user.email)).subject).toBe('أكّد هويتك في Passkey Portal')
  })
})
