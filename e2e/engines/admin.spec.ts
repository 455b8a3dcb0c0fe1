import { issueSession } from '../../lib/auth/session/store'
import { db } from '../../lib/db'
import { userIn } from '../policies/support'
import { DEMO } from '../support/servers'
import { removeUsers } from '../support/users'
import { expect, test } from './fixtures'

const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0'

test('an administrator searches the people list, opens a person and signs them out everywhere', async ({ open, user, signInPage }) => {
  const admin = await userIn('customers', 'admin')
  await issueSession(user.id, 'email_code', { ipAddress: '203.0.113.9', userAgent: FIREFOX_ON_WINDOWS })
  const page = await open()
  await signInPage(page, { ...admin, displayName: 'Policy Person' })
  await page.goto('/admin/people')
  await page.fill('Address or name starts with', user.email)
  await page.press('Search')
  await page.waitForUrl(/\/admin\/people\?.*q=/)
  await page.press(user.email, 'link')
  await page.waitForUrl(new RegExp(`/admin/people/${user.id}$`))
  await page.waitForText('Test Person')
  await page.waitForText('0 recovery codes left · authenticator app off · backup email none')
  await page.waitForText(/^Firefox on Windows · 203\.0\.113\.9 · emailed code · since /)

  await page.press('Sign out everywhere')
  await page.waitForText('1 session ended.')
  expect(await db().session.count({ where: { userId: user.id } })).toBe(0)
  expect(await db().auditEvent.count({ where: { userId: user.id, actorId: admin.id, type: 'account_signed_out', result: 'success' } })).toBe(1)
  await removeUsers(admin.id)
})

test('the rollout dashboard shows the demo organisation’s figures in charts, and a chart’s table view opens', async ({ open }) => {
  const page = await open({ baseUrl: DEMO.url })
  await page.goto('/sign-in')
  await page.press(/^Administrator: /)
  await page.waitForUrl(/\/account$/)
  await page.press('Rollout', 'link')
  await page.waitForUrl(/\/admin\/rollout/)
  await page.waitForText('Passkey rollout')
  // 200 people in the demo organisation are active; the figures come from its seeded history.
  await page.waitForText(/of 20[0-9] active people have at least one passkey/)
  await page.waitForText(/sign-ins, \d+% with a passkey\./)
  // Each chart is drawn in the page, as SVG.
  await expect
    .poll(() => page.evaluate<number>(`() => document.querySelectorAll('[data-testid="figure-chart"] svg.recharts-surface').length`))
    .toBeGreaterThanOrEqual(5)

  // The enrolment chart's numbers, behind the first "Table view": hidden until it is pressed.
  expect(await page.isVisible('text', /^Phase target$/)).toBe(false)
  await page.press('Table view')
  await page.waitForText(/^Phase target$/)
  await page.waitForText('60–75%: on target')
})
