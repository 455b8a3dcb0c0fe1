import { describe, expect, it } from 'vitest'
import { testContext, TEST_REQUEST } from '../../testing/use-case'
import { flagBreakGlassRecovery } from '../admin/break-glass'
import { suspendPerson } from '../admin/lifecycle'
import { sendPasskeyNotice } from '../auth/passkeys/notices'
import { sendNewSignInNotice } from '../auth/session/new-sign-in-notice'
import { db } from '../db'
import { translatorFor } from '../i18n/translator'
import { sendAccountNotice } from '../recovery/notices'
import type { RequestContext } from '../web/request-context'
import type { QueuedNotice } from './outbox'

/**
 * Security notices go out in the recipient's saved language and zone (ADR
 * 26); without them, in the language of the request when the recipient made
 * it, else the organisation's (English, UTC here). Never an administrator's.
 */

const unique = () => Math.random().toString(36).slice(2, 10)
const AT = new Date('2026-12-06T15:30:00Z')

/** A request from an English browser in London, as the test's context would send it. */
const english: RequestContext = { ...TEST_REQUEST, preferences: { locale: 'en', timeZone: 'Europe/London' } }
const arabic: RequestContext = { ...TEST_REQUEST, preferences: { locale: 'ar', timeZone: 'Asia/Dubai' } }

async function person(saved: { locale?: string; timeZone?: string } = {}, role: 'user' | 'admin' = 'user') {
  return db().user.create({ data: { email: `${role}-${unique()}@example.com`, role, ...saved }, select: { id: true, email: true } })
}

const mailTo = (to: string) => db().mailboxMessage.findMany({ where: { to }, select: { subject: true, html: true, text: true } })

describe('a security notice', () => {
  it('is in the German and the zone the person saved, though the English browser that caused it was theirs', async () => {
    const user = await person({ locale: 'de', timeZone: 'America/New_York' })
    await sendPasskeyNotice('added', { userId: user.id, passkeyName: 'Arbeitslaptop', context: english, at: AT })
    const [notice] = await mailTo(user.email)
    expect(notice!.subject).toBe('Ihrem Konto wurde ein Passkey hinzugefügt')
    expect(notice!.html).toMatch(/<html[^>]*\blang="de"/)
    expect(notice!.text).toContain('Mit dem Passkey „Arbeitslaptop“ kann man sich jetzt bei Ihrem Konto anmelden.')
    // When: in New York's time, named ("6. Dez. 2026, 10:30 GMT-5"), not London's or UTC.
    const when = translatorFor('de', 'America/New_York').format.dateTime(AT, 'time')
    expect(when).toMatch(/10:30/)
    expect(notice!.text).toContain(`Wann: ${when}`)
    expect(notice!.text).toContain('Chrome unter Linux')
    expect(notice!.text).toContain('Alles, was in Ihrem Konto geschehen ist:')
    expect(notice!.text).not.toMatch(/\b(When|Browser:|passkey was added)\b/)
  })

  it('follows the browser of the person who made the change when they saved no language', async () => {
    const user = await person()
    await sendAccountNotice('recovery_codes_generated', { userId: user.id, context: arabic, at: AT })
    const [notice] = await mailTo(user.email)
    expect(notice!.subject).toBe('أُنشئت رموز استرداد جديدة لحسابك')
    expect(notice!.html).toMatch(/<html[^>]*\bdir="rtl"/)
    expect(notice!.html).toContain('direction:rtl;text-align:right')
    expect(notice!.text).toContain(translatorFor('ar', 'Asia/Dubai').format.dateTime(AT, 'time'))
  })

  it('caused by an administrator is in the person’s language, else the organisation’s: never the administrator’s', async () => {
    const admin = await person({}, 'admin')
    const [unsaved, german] = [await person(), await person({ locale: 'de', timeZone: 'Europe/Berlin' })]
    for (const target of [unsaved, german]) {
      const ctx = testContext({ caller: { user: { id: admin.id }, sessionId: `session-${admin.id}` }, request: arabic })
      expect(await suspendPerson({ userId: target.id }, { user: admin }, ctx)).toMatchObject({ ok: true })
      await ctx.runLater()
    }
    const [forUnsaved] = await mailTo(unsaved.email)
    expect(forUnsaved!.subject).toBe('Your account was suspended')
    expect(forUnsaved!.html).toMatch(/<html[^>]*\blang="en"/)
    expect(forUnsaved!.text).toMatch(/When: .* UTC/)
    const [forGerman] = await mailTo(german.email)
    expect(forGerman!.subject).toBe('Ihr Konto wurde gesperrt')
  })

  it('to several administrators is written for each in their own language, in the outbox', async () => {
    const breakGlass = await person({}, 'admin')
    await db().user.update({ where: { id: breakGlass.id }, data: { groupId: 'break-glass' }, select: { id: true } })
    const [german, unsaved] = [await person({ locale: 'de', timeZone: 'Europe/Berlin' }, 'admin'), await person({}, 'admin')]
    await flagBreakGlassRecovery({ userId: breakGlass.id, attempt: 'self_service', context: arabic, now: AT })
    const queued = (await db().outboxMessage.findMany({ select: { payload: true } })).map((row) => JSON.parse(row.payload) as QueuedNotice)
    const to = (address: string) => queued.find((notice) => notice.address === address)!.notice
    expect(to(german.email)).toMatchObject({ locale: 'de', title: 'Jemand hat versucht, das Notfall-Administratorkonto wiederherzustellen' })
    expect(to(german.email).details[0]).toEqual(['Wann', translatorFor('de', 'Europe/Berlin').format.dateTime(AT, 'time')])
    expect(to(unsaved.email)).toMatchObject({ locale: 'en', title: 'Someone tried to recover the break-glass administrator' })
    expect(to(unsaved.email).summary).toContain(breakGlass.email)
  })

  it('about a new sign-in is in the language read with the sign-in (the passkey sign-in reads it with its challenge)', async () => {
    const user = await person({ locale: 'ar', timeZone: 'Asia/Riyadh' })
    const recipient = { email: user.email, backupEmail: null, locale: 'ar', timeZone: 'Asia/Riyadh', newSignInNotices: true, signedInBefore: true }
    await sendNewSignInNotice({ userId: user.id, sessionId: 'session', method: 'email_code', context: english, at: AT, recipient })
    const [notice] = await mailTo(user.email)
    expect(notice!.subject).toBe('تسجيل دخول جديد إلى حسابك')
    expect(notice!.text).toContain('برمز عبر البريد الإلكتروني')
    expect(notice!.text).toContain(translatorFor('ar', 'Asia/Riyadh').format.dateTime(AT, 'time'))
  })
})
