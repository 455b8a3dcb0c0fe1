import { describe, expect, it } from 'vitest'
import { translatorFor } from '../i18n/translator'
import { continuePage, errorPage, logoutQuestionPage, pageTranslator } from './pages'

const headers = (values: Record<string, string>) => (name: string) => values[name] ?? null

describe('the provider’s own pages', () => {
  it('speak the saved language, else the one picked on this browser, else the app’s ui_locales, else Accept-Language', () => {
    const browser = { 'accept-language': 'de-DE,de;q=0.9' }
    expect(pageTranslator(headers(browser)).locale).toBe('de')
    expect(pageTranslator(headers(browser), { uiLocales: 'fr ar-EG' }).locale).toBe('ar')
    // A ui_locales the portal does not speak leaves the browser's choice.
    expect(pageTranslator(headers(browser), { uiLocales: 'fr' }).locale).toBe('de')
    expect(pageTranslator(headers({ ...browser, cookie: 'locale=en' }), { uiLocales: 'ar' }).locale).toBe('en')
    expect(pageTranslator(headers(browser), { uiLocales: 'ar', saved: { locale: 'en', timeZone: null } }).locale).toBe('en')
    expect(pageTranslator(headers({})).locale).toBe('en')
  })

  it('carry the reader’s lang and dir, and escape what the app and the request bring', () => {
    const arabic = errorPage(translatorFor('ar', 'UTC'), 'Passkey Portal', 'invalid_<client>', 'req-1')
    expect(arabic).toContain('<html lang="ar" dir="rtl">')
    expect(arabic).toContain('تعذّر إكمال طلب تسجيل الدخول هذا')
    expect(arabic).toContain('<code translate="no">invalid_&#60;client&#62;</code>')
    expect(arabic).toContain('<code translate="no">req-1</code>')

    const german = logoutQuestionPage(translatorFor('de', 'UTC'), 'Passkey Portal', 'Expense <b>Tracker</b>', '<form id="op.logoutForm"></form>')
    expect(german).toContain('<html lang="de" dir="ltr">')
    expect(german).toContain('<h1>Von Passkey Portal abmelden?</h1>')
    expect(german).toContain('(Sie verlassen Expense &#60;b&#62;Tracker&#60;/b&#62;)')
    expect(german).toContain('<form id="op.logoutForm"></form>')

    const english = continuePage(translatorFor('en', 'UTC'), 'Passkey Portal', undefined, 'https://app.example/cb?code=1&state="x"')
    expect(english).toContain('<h1>Continuing to the app…</h1>')
    expect(english).toContain('href="https://app.example/cb?code=1&#38;state=&#34;x&#34;"')
  })
})
