import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { emailedCodeTo } from '../support/mailbox'
import { addPasskeyOnPage } from '../support/passkeys'

/** The current code from oathtool (OATH Toolkit), an implementation independent of ours. */
const oathtool = (secret: string) => execFileSync('oathtool', ['--totp', '--base32', secret], { encoding: 'utf8' }).trim()

test('recovery codes: made once, shown once with copy, download and print, and a new set replaces the old', async ({ context, page, user, signIn }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await signIn(context)
  await page.goto('/account/recovery')
  await expect(page.getByTestId('recovery-code-summary')).toHaveText('You have no recovery codes yet.')
  await page.getByRole('button', { name: 'Create recovery codes' }).click()
  const shown = page.getByTestId('recovery-code')
  await expect(shown).toHaveCount(10)
  const codes = await shown.allTextContents()
  // The first set replaced nothing, so nothing is said about earlier codes.
  const saved = page.getByTestId('new-recovery-codes').getByRole('status')
  await expect(saved).toHaveText('Save these codes now: you won’t see them again. Each one works once.')
  for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/)

  await page.getByRole('button', { name: 'Copy' }).click()
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible()
  const clipboard = await page.evaluate(() => navigator.clipboard.readText())
  for (const code of codes) expect(clipboard).toContain(code)

  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Download (.txt)' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/recovery-codes\.txt$/)
  const file = await readFile((await download.path())!, 'utf8')
  expect(file).toContain(user.email)
  for (const code of codes) expect(file).toContain(code)

  // Printing shows the codes and hides the page's frame.
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByRole('navigation', { name: 'Account' })).toBeHidden()
  await expect(shown.first()).toBeVisible()
  await page.emulateMedia({ media: 'screen' })

  // Shown once: after a reload only the count remains.
  await page.reload()
  await expect(page.getByTestId('recovery-code')).toHaveCount(0)
  await expect(page.getByTestId('recovery-code-summary')).toContainText('10 codes left of 10')
  expect(await page.content()).not.toContain(codes[0]!)

  await page.getByRole('button', { name: 'Make new codes' }).click()
  await expect(page.getByTestId('recovery-code')).toHaveCount(10)
  await expect(saved).toContainText('Your earlier codes no longer work.')
  const fresh = await page.getByTestId('recovery-code').allTextContents()
  expect(fresh.filter((code) => codes.includes(code))).toHaveLength(0)
  expect(await db().recoveryCode.count({ where: { userId: user.id } })).toBe(10)
  expect(await db().auditEvent.count({ where: { userId: user.id, type: 'recovery_codes_generated' } })).toBe(2)
})

test('three or fewer codes left shows a warning', async ({ context, page, user, signIn }) => {
  await signIn(context)
  await page.goto('/account/recovery')
  await page.getByRole('button', { name: 'Create recovery codes' }).click()
  await expect(page.getByTestId('recovery-code')).toHaveCount(10)
  const rows = await db().recoveryCode.findMany({ where: { userId: user.id }, select: { id: true }, take: 7 })
  await db().recoveryCode.updateMany({ where: { id: { in: rows.map((row) => row.id) } }, data: { usedAt: new Date() } })
  await page.reload()
  await expect(page.getByText('3 codes left of 10')).toBeVisible()
  await expect(page.getByText('Make a new set so you don’t run out.')).toBeVisible()
})

test('authenticator app: set up with a code from oathtool, a wrong code explains, then remove', async ({ context, page, user, signIn }) => {
  await signIn(context)
  await page.goto('/account/recovery')
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click()
  await expect(page.getByRole('img', { name: 'QR code to add this account to your authenticator app' })).toBeVisible()
  const secret = (await page.getByTestId('totp-secret').textContent())!.replaceAll(' ', '')
  expect(secret).toMatch(/^[A-Z2-7]{32}$/)
  const code = oathtool(secret)

  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
  await page.getByLabel('Enter the 6-digit code the app shows').fill(wrong)
  await page.getByRole('button', { name: 'Turn on' }).click()
  await expect(page.getByText("That code isn't right.")).toBeVisible()

  await page.getByLabel('Enter the 6-digit code the app shows').fill(code)
  await page.getByRole('button', { name: 'Turn on' }).click()
  await expect(page.getByText('Authenticator app added.')).toBeVisible()
  await expect(page.getByTestId('totp-status')).toContainText('On since')
  expect(await db().auditEvent.count({ where: { userId: user.id, type: 'totp_added', result: 'success' } })).toBe(1)

  await page.getByRole('button', { name: 'Remove authenticator app' }).click()
  await expect(page.getByRole('button', { name: 'Set up an authenticator app' })).toBeVisible()
  expect(await db().totpFactor.count({ where: { userId: user.id } })).toBe(0)
})

test('changes need a confirmation within 10 minutes', async ({ context, page, user, signIn }) => {
  const { sessionId } = await signIn(context)
  const eleven = new Date(Date.now() - 11 * 60_000)
  await db().session.update({ where: { id: sessionId }, data: { createdAt: eleven, verifiedAt: eleven } })
  await page.goto('/account/recovery')
  await expect(page.getByText('confirm it’s you before changing your recovery options')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Create recovery codes' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Set up an authenticator app' })).toHaveCount(0)
  await page.getByRole('link', { name: 'Confirm it’s you' }).click()
  await expect(page).toHaveURL(/\/account\/confirm\?returnTo=%2Faccount%2Frecovery/)
  expect(await db().recoveryCode.count({ where: { userId: user.id } })).toBe(0)
})

test('backup email: a code sent to the new address proves it; a wrong code explains; then it can be removed', async ({ context, page, user, signIn }) => {
  await signIn(context)
  const backup = `backup-${user.id}@example.org`
  await page.goto('/account/recovery')
  await page.getByLabel('Backup email').fill(user.email)
  await page.getByRole('button', { name: 'Send a code to this address' }).click()
  await expect(page.getByText('That is the address you sign in with.')).toBeVisible()

  await page.getByLabel('Backup email').fill(backup)
  await page.getByRole('button', { name: 'Send a code to this address' }).click()
  await expect(page.getByTestId('backup-email-pending')).toContainText(backup)
  const code = await emailedCodeTo(backup, /^Confirm your backup email for /)
  await page.getByLabel('Code from that email').fill(code === '000000' ? '111111' : '000000')
  await page.getByRole('button', { name: 'Confirm backup email' }).click()
  await expect(page.getByText("That code isn't right.")).toBeVisible()
  await page.getByLabel('Code from that email').fill(code)
  await page.getByRole('button', { name: 'Confirm backup email' }).click()
  await expect(page.getByTestId('backup-email')).toContainText(backup)
  expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { backupEmail: true } })).toEqual({ backupEmail: backup })

  await page.getByRole('button', { name: 'Remove' }).click()
  await expect(page.getByTestId('backup-email')).toHaveCount(0)
  expect(await db().auditEvent.count({ where: { userId: user.id, type: { in: ['backup_email_added', 'backup_email_removed'] }, result: 'success' } })).toBe(2)
})

test('readiness: after a first passkey on this device the next step is recovery codes; with them the overview says ready', async ({
  context,
  page,
  signIn,
}) => {
  await signIn(context)
  await page.goto('/account')
  await expect(page.getByTestId('recovery-readiness')).toContainText('You sign in with codes sent to your email.')
  await addVirtualAuthenticator(page)
  await addPasskeyOnPage(page)
  await expect(page.getByTestId('recovery-readiness')).toContainText('You only have one passkey, on this device: add recovery codes.')
  await page.getByTestId('recovery-readiness').getByRole('link', { name: 'Add recovery codes' }).click()
  await expect(page).toHaveURL(/\/account\/recovery$/)
  await page.getByRole('button', { name: 'Create recovery codes' }).click()
  await expect(page.getByTestId('recovery-code')).toHaveCount(10)
  await page.goto('/account')
  await expect(page.getByTestId('recovery-readiness')).toHaveText('Ready: 1 passkey, recovery codes (10 left).')
})
