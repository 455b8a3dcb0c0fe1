import { describe, expect, it } from 'vitest'
import { emailTranslator } from '../words'
import { welcomeEmail } from './welcome'

const props = { appName: 'Acme Login', appUrl: 'https://login.acme.test', displayName: 'Ada <script>' }

describe('welcome email', () => {
  it('renders HTML and plain text branded with the configured app name', async () => {
    const email = await welcomeEmail(emailTranslator({ locale: 'en', timeZone: 'UTC' }), props)
    expect(email.subject).toBe('Welcome to Acme Login')
    expect(email.html).toMatch(/^<!DOCTYPE html/i)
    expect(email.html).toMatch(/<html[^>]*\blang="en"/)
    expect(email.html).toMatch(/<html[^>]*\bdir="ltr"/)
    expect(email.html).toContain('Acme Login')
    expect(email.html).toContain('href="https://login.acme.test/sign-in"')
    expect(email.html).toContain('Ada &lt;script&gt;')
    expect(email.html).not.toContain('<script>')
    expect(email.text).toMatch(/welcome, ada <script>/i)
    expect(email.text).toContain('https://login.acme.test/sign-in')
    expect(email.text).not.toMatch(/<(html|p|a|table|div)\b/i)
  })

  it('is written in the language it is given, subject and both parts', async () => {
    const email = await welcomeEmail(emailTranslator({ locale: 'de', timeZone: 'Europe/Berlin' }), props)
    expect(email.subject).toBe('Willkommen bei Acme Login')
    expect(email.html).toMatch(/<html[^>]*\blang="de"/)
    expect(email.html).toMatch(/<html[^>]*\bdir="ltr"/)
    expect(email.text).toMatch(/willkommen, ada <script>/i)
    expect(email.text).toContain('https://login.acme.test/sign-in')
    expect(email.text).not.toMatch(/Welcome|Sign in/)
  })

  it('reads right to left in Arabic: dir="rtl" on the document and its body, text aligned right, the link left to right', async () => {
    const email = await welcomeEmail(emailTranslator({ locale: 'ar', timeZone: 'Asia/Dubai' }), props)
    expect(email.subject).toContain('Acme Login')
    expect(email.subject).toMatch(/[\u0600-\u06ff]/)
    expect(email.html).toMatch(/<html[^>]*\blang="ar"/)
    expect(email.html).toMatch(/<html[^>]*\bdir="rtl"/)
    expect(email.html).toMatch(/<body[^>]*\bdir="rtl"/)
    expect(email.html).toContain('direction:rtl;text-align:right')
    expect(email.html).not.toMatch(/text-align:left/)
    expect(email.html).toContain('<span dir="ltr">https://login.acme.test/sign-in</span>')
  })
})
