import { describe, expect, it } from 'vitest'
import { welcomeEmail } from './welcome'

describe('welcome email', () => {
  it('renders HTML and plain text branded with the configured app name', async () => {
    const email = await welcomeEmail({ appName: 'Acme Login', appUrl: 'https://login.acme.test', displayName: 'Ada <script>' })
    expect(email.subject).toBe('Welcome to Acme Login')
    expect(email.html).toMatch(/^<!DOCTYPE html/i)
    expect(email.html).toContain('Acme Login')
    expect(email.html).toContain('href="https://login.acme.test/sign-in"')
    expect(email.html).toContain('Ada &lt;script&gt;')
    expect(email.html).not.toContain('<script>')
    expect(email.text).toMatch(/welcome, ada <script>/i)
    expect(email.text).toContain('https://login.acme.test/sign-in')
    expect(email.text).not.toMatch(/<(html|p|a|table|div)\b/i)
  })
})
