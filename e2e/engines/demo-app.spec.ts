import { ACME, DEMO } from '../support/servers'
import { expect, test } from './fixtures'

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/**
 * The demo as npm run demo shows it, without passkeys (WebKitGTK has none):
 * a demo account signs in to the portal, Acme Expenses signs in through it
 * and shows what the ID token says, and signing out of the app signs out of
 * the portal too, after asking.
 */
test('Acme Expenses signs in through the demo portal with a demo account and signs out of both', async ({ open }) => {
  const page = await open({ baseUrl: DEMO.url })
  await page.goto('/sign-in')
  await page.waitForText('Demo accounts')
  await page.press(/^Customer: /)
  await page.waitForUrl(new RegExp(`^${escaped(DEMO.url)}/account$`))
  const header = await page.evaluate<string>(`() => document.querySelector('[data-testid="signed-in-user"]')?.textContent ?? ''`)
  const email = header.match(/\S+@\S+/)?.[0]
  expect(email, header).toBeTruthy()

  await page.goto(`${ACME.url}/`)
  await page.press('Sign in with Passkey Portal')
  await page.waitForText(/^Hello, /)
  expect(await page.url()).toBe(`${ACME.url}/`)
  const claims = await page.evaluate<Record<string, string>>(
    `() => Object.fromEntries([...document.querySelectorAll('[data-claim]')].map((cell) => [cell.dataset.claim, cell.textContent]))`,
  )
  // A demo account's one press is its own method: the email level, never a passkey (ADR 19).
  expect(claims).toMatchObject({
    acr: '"urn:passkey-portal:acr:email"',
    amr: '["demo"]',
    email: JSON.stringify(email),
    email_verified: 'true',
  })

  await page.press('Sign out')
  await page.waitForText('Sign out of Passkey Portal?')
  await page.press('Sign out')
  await page.waitForUrl(new RegExp(`^${escaped(ACME.url)}/$`))
  expect(await page.isVisible('button', 'Sign in with Passkey Portal')).toBe(true)
  await page.goto(`${DEMO.url}/account`)
  await page.waitForUrl(new RegExp(`^${escaped(DEMO.url)}/sign-in`))
})
