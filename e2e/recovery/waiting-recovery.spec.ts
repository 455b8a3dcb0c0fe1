import { randomBytes } from 'node:crypto'
import type { Page } from '@playwright/test'
import { db } from '../../lib/db'
import { DEFAULT_POLICY } from '../../lib/policy/schema'
import { expect, test, type TestUser } from '../fixtures'
import { enterCode, requestEmail } from '../support/email-sign-in'
import { emailedCodeTo, latestEmailTo, signInEmailTo } from '../support/mailbox'
import { signOut } from '../support/passkeys'
import { passkeyRow } from '../policies/support'

/**
 * Recovery by the emailed code alone, in a group that allows it, waits out
 * the group's period; the owner stops it at once from a signed-in session,
 * or with the notice's link in a browser that signed in before.
 */

/** Puts the person in a group whose emailed code alone recovers them after a day, with a passkey they lost. */
async function inEmailAloneGroup(user: TestUser): Promise<() => Promise<void>> {
  const recovery = { selfService: true, emailAlone: true, emailAloneWaitHours: 24 }
  const group = await db().group.create({
    data: { name: `Customers ${randomBytes(3).toString('hex')}`, policy: JSON.stringify({ ...DEFAULT_POLICY, recovery }) },
    select: { id: true },
  })
  await db().user.update({ where: { id: user.id }, data: { groupId: group.id, emailVerifiedAt: new Date() } })
  await passkeyRow(user.id)
  return async () => {
    await db().user.update({ where: { id: user.id }, data: { groupId: 'customers' } })
    await db().group.delete({ where: { id: group.id } })
  }
}

/** Someone with the mailbox asks to recover with the email alone, and is told to wait. Returns the notice's stop link. */
async function startWaitingRecovery(page: Page, user: TestUser): Promise<string> {
  await page.goto('/recover')
  await page.getByLabel('Your email address').fill(user.email)
  await page.getByRole('button', { name: 'Email me a code' }).click()
  await page.getByLabel('6-digit code').fill(await emailedCodeTo(user.email, /^Recover your /))
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'Your email is confirmed' })).toBeVisible()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page).toHaveURL(/\/recover\/waiting$/)
  await expect(page.getByTestId('waiting-recovery')).toHaveAttribute('data-state', 'waiting')
  expect(await db().session.count({ where: { userId: user.id } })).toBe(0)
  const notice = await latestEmailTo(user.email, /^Someone started recovering your account with your email$/)
  return notice.text.match(/(\/recover\/stop\?token=[A-Za-z0-9_-]{43})/)![1]!
}

test('a waiting recovery by email is stopped from a signed-in session, at once', async ({ browser, page, user, signIn }) => {
  const restore = await inEmailAloneGroup(user)
  try {
    await startWaitingRecovery(page, user)
    await expect(page.getByTestId('waiting-recovery')).toContainText('takes effect at')

    // The owner, signed in elsewhere, sees it on every account page and stops it.
    const owner = await browser.newContext()
    await signIn(owner)
    const account = await owner.newPage()
    await account.goto('/account/activity')
    const banner = account.getByTestId('waiting-recovery-banner')
    await expect(banner).toContainText('Someone started recovering your account with its email alone.')
    await banner.getByRole('button', { name: 'Stop this recovery' }).click()
    await expect(account.getByTestId('waiting-recovery-stopped')).toHaveText('The recovery is stopped.')
    await account.goto('/account')
    await expect(account.getByTestId('waiting-recovery-banner')).toHaveCount(0)
    await owner.close()

    // Stopped at once: the waiting browser says so, and nothing can finish it.
    await page.reload()
    await expect(page.getByTestId('waiting-recovery')).toHaveAttribute('data-state', 'stopped')
    expect(await db().pendingRecovery.findMany({ where: { userId: user.id }, select: { status: true } })).toEqual([{ status: 'cancelled' }])
    await latestEmailTo(user.email, /^The recovery of your account was stopped$/)
    expect(await db().session.count({ where: { userId: user.id, method: 'recovery' } })).toBe(0)
  } finally {
    await restore()
  }
})

test("the notice's stop link stops it in a browser that signed in before, and nowhere else", async ({ browser, page, user }) => {
  const restore = await inEmailAloneGroup(user)
  try {
    // The owner's own browser: signed in once with an emailed code, then signed out.
    const ownerContext = await browser.newContext()
    const own = await ownerContext.newPage()
    await requestEmail(own, user.email)
    await enterCode(own, (await signInEmailTo(user.email)).code)
    await expect(own).toHaveURL(/\/account/)
    await signOut(own)

    const stopLink = await startWaitingRecovery(page, user)

    // A browser the account never signed in with: opening the link changes nothing, pressing is refused.
    const strangerContext = await browser.newContext()
    const stranger = await strangerContext.newPage()
    await stranger.goto(stopLink)
    await expect(stranger.getByRole('heading', { name: 'Stop this recovery?' })).toBeVisible()
    await stranger.getByRole('button', { name: 'Stop this recovery' }).click()
    await expect(stranger.getByTestId('recovery-stop-result')).toContainText('only in a browser that signed in to the account before')
    await strangerContext.close()
    await page.reload()
    await expect(page.getByTestId('waiting-recovery')).toHaveAttribute('data-state', 'waiting')

    await own.goto(stopLink)
    await own.getByRole('button', { name: 'Stop this recovery' }).click()
    await expect(own.getByTestId('recovery-stop-result')).toHaveText('The recovery is stopped. Nobody can use it to get into the account.')
    await ownerContext.close()
    await page.reload()
    await expect(page.getByTestId('waiting-recovery')).toHaveAttribute('data-state', 'stopped')
  } finally {
    await restore()
  }
})
