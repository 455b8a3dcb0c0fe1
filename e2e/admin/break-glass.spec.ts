import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { requestEmail } from '../support/email-sign-in'
import { emailsTo, latestEmailTo } from '../support/mailbox'
import { signOut, skipPasskeyAutofill } from '../support/passkeys'
import { userIn } from '../policies/support'

test('a break-glass sign-in is flagged in the history and emailed to the other administrators; email never signs it in', async ({ browser, page, signIn }) => {
  const other = await userIn('customers', 'admin')
  const breakGlass = await userIn('break-glass', 'admin')
  await signIn(page.context(), { ...breakGlass, displayName: 'Policy Person' })

  // Its first passkey, device-bound, is its only way in.
  await addVirtualAuthenticator(page)
  await page.goto('/account')
  await expect(page).toHaveURL(/\/account\/enroll$/)
  await page.bringToFront()
  await page.getByRole('button', { name: 'Create a passkey' }).click()
  await expect(page).toHaveURL(/\/account$/)
  await skipPasskeyAutofill(page)
  await signOut(page)

  // No email method: the screen looks the same as for anyone, and nothing is sent. (Another browser, without the
  // authenticator, so the sign-in page's autofill cannot answer with the passkey.)
  const before = (await emailsTo(breakGlass.email)).length
  const elsewhere = await browser.newContext()
  await requestEmail(await elsewhere.newPage(), breakGlass.email)
  expect((await emailsTo(breakGlass.email)).length).toBe(before)
  await elsewhere.close()

  await skipPasskeyAutofill(page)
  await page.goto('/sign-in')
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await expect(page).toHaveURL(/\/account$/)
  const notice = await latestEmailTo(other.email, /break-glass/i)
  expect(notice.text).toContain(breakGlass.email)
  expect(await db().auditEvent.count({ where: { userId: breakGlass.id, type: 'break_glass_sign_in', result: 'success' } })).toBe(1)
  // Flagged on the rollout dashboard too, with the way to the audit log's list of them.
  await page.goto('/admin/rollout?range=7')
  await expect(page.getByTestId('break-glass-flag')).toContainText('Break-glass sign-ins')
  await page.getByTestId('break-glass-flag').getByRole('link', { name: 'See them in the audit log' }).click()
  await expect(page.getByTestId('audit-events')).toContainText('Break-glass administrator signed in')
})
