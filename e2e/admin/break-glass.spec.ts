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
  // The passkey-added notice goes out after the response: counted once it has arrived, so a late one is not taken for
  // a sign-in email.
  await latestEmailTo(breakGlass.email, /A passkey was added/)
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

test('nobody recovers the break-glass administrator: two agents’ access code is refused at the first step, flagged, and every administrator is told', async ({
  browser,
  page,
  signIn,
}) => {
  const admins = [await userIn('customers', 'admin'), await userIn('administrators', 'admin')]
  const breakGlass = await userIn('break-glass', 'admin')
  const agentA = await userIn('customers', 'helpdesk')
  await signIn(page.context(), { ...agentA, displayName: 'Policy Person' })

  // Agent A asks for an access code for the break-glass account, with every check recorded.
  await page.goto(`/admin/recovery?q=${encodeURIComponent(breakGlass.email)}`)
  const card = page.locator('li').filter({ has: page.getByTestId('helpdesk-user').filter({ hasText: breakGlass.email }) })
  await card.getByLabel('Saw the person on a video call and matched them to their photo').check()
  await card.getByLabel('In your words').fill('Video call; they say they lost the emergency key.')
  await card.getByRole('button', { name: /Issue access code|Ask a second agent to approve/ }).click()
  await expect(card.getByText('The break-glass administrator cannot be recovered, by anyone.')).toBeVisible()

  // Nothing waits for agent B to approve: no request, no code.
  expect(await db().accessCode.count({ where: { userId: breakGlass.id } })).toBe(0)
  const agentB = await browser.newContext()
  await signIn(agentB, { ...(await userIn('customers', 'helpdesk')), displayName: 'Policy Person' })
  const second = await agentB.newPage()
  await second.goto('/admin/recovery')
  await expect(second.getByText(breakGlass.email)).toHaveCount(0)
  await agentB.close()

  // Flagged in the audit log, with who tried; every administrator is emailed.
  const flagged = await db().auditEvent.findFirstOrThrow({ where: { userId: breakGlass.id, type: 'break_glass_recovery_refused' } })
  expect(flagged).toMatchObject({ result: 'failure', reason: 'break_glass_no_recovery', actorName: agentA.email })
  for (const admin of admins) {
    const notice = await latestEmailTo(admin.email, /tried to recover the break-glass administrator/)
    expect(notice.text).toContain(breakGlass.email)
    expect(notice.text).toContain(agentA.email)
  }
  // Not told about its own recovery (notices to every administrator, from tests running alongside, may reach it).
  expect((await emailsTo(breakGlass.email)).filter((email) => /tried to recover/.test(email.subject))).toEqual([])
})
