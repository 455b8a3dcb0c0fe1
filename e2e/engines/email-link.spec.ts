import { db } from '../../lib/db'
import { signInEmailTo } from '../support/mailbox'
import type { EngineName } from './support/driver'
import type { EnginePage } from './support/engine-page'
import { expect, test } from './fixtures'

/** How the link page names the asking browser, by engine (lib/user-agent.ts: what each engine's own user agent says). */
const BROWSER_NAME: Record<EngineName, string> = { chromium: 'Chrome', firefox: 'Firefox', webkit: 'Safari' }

async function requestEmail(page: EnginePage, email: string) {
  await page.goto('/sign-in')
  await page.fill('Email address', email)
  await page.press('Continue')
  await page.waitForText('Check your email')
}

const sessionsOf = (email: string) => db().session.findMany({ where: { user: { email } }, select: { id: true, method: true } })

test('the link opened in the same browser signs it in; “Sign out” ends that session', async ({ open, user }) => {
  const page = await open()
  await requestEmail(page, user.email)
  const { link } = await signInEmailTo(user.email)
  await page.goto(link)
  await page.waitForText(`Sign in to Passkey Portal as ${user.email[0]}•••@example.com on this device?`)
  await page.press('Sign in to Passkey Portal')
  await page.waitForUrl(/\/account$/)
  await page.waitForText(user.email)
  const sessions = await sessionsOf(user.email)
  expect(sessions.map((session) => session.method)).toEqual(['magic_link'])

  await page.press('Sign out')
  await page.waitForUrl(/\/sign-in\?signedOut=1$/)
  expect(await sessionsOf(user.email)).toEqual([])
  expect(await db().auditEvent.findMany({ where: { sessionId: sessions[0]!.id, type: 'sign_out' }, select: { result: true } })).toEqual([{ result: 'success' }])
  expect((await page.cookies()).map((cookie) => cookie.name)).not.toContain('portal.session')
  await page.goto('/account')
  await page.waitForUrl(/\/sign-in\?returnTo=%2Faccount$/)
})

test('the link opened in another browser approves the asking one with the number it shows; only the asking one signs in', async ({ open, user, engine }) => {
  const asking = await open()
  await requestEmail(asking, user.email)
  const number = await asking.evaluate<string | null>(`() => document.querySelector('[data-testid="approval-number"]')?.textContent ?? null`)
  expect(number).toMatch(/^\d{2}$/)
  const { link } = await signInEmailTo(user.email)

  const approving = await open()
  await approving.goto(link)
  await approving.waitForText('Where do you want to sign in?')
  await approving.waitForText(`It was requested from ${BROWSER_NAME[engine]} on Linux`)
  await approving.fill('Number shown on the other device', number!)
  await approving.press('Approve sign-in on the other device')
  await approving.waitForText('Approved. The other device is signing in now; you can close this page.')

  // The asking browser moves on by itself (it asks every second whether the request was approved).
  await asking.waitForUrl(/\/account$/)
  await asking.waitForText(user.email)
  expect((await sessionsOf(user.email)).map((session) => session.method)).toEqual(['magic_link'])
  expect((await asking.cookies()).map((cookie) => cookie.name)).toContain('portal.session')
  expect((await approving.cookies()).map((cookie) => cookie.name)).not.toContain('portal.session')
  await approving.goto('/account')
  await approving.waitForUrl(/\/sign-in\?returnTo=%2Faccount$/)
})
