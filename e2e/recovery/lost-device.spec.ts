import { generateRecoveryCodes } from '../../lib/recovery/codes'
import { auditFor } from '../../testing/audit'
import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { emailedCodeTo, latestEmailTo } from '../support/mailbox'
import { addPasskeyOnPage } from '../support/passkeys'
import { discover, registerTestApp, signInToApp, startReceiver } from '../support/relying-party'
import { EMAIL_BASED } from '../../lib/oidc/levels'

test('lost device: email code, then a recovery code, then a new passkey on a new authenticator; old sessions can be signed out', async ({
  browser,
  context,
  page,
  user,
  signIn,
}) => {
  // Before: a passkey on the old phone, recovery codes saved, and another browser still signed in.
  await signIn(context)
  const oldPhone = await addVirtualAuthenticator(page)
  await addPasskeyOnPage(page)
  await page.goto('/account/recovery')
  await page.getByRole('button', { name: 'Create recovery codes' }).click()
  await expect(page.getByTestId('recovery-code')).toHaveCount(10)
  const codes = await page.getByTestId('recovery-code').allTextContents()
  const stolenLaptop = await browser.newContext()
  await signIn(stolenLaptop)
  await oldPhone.remove()

  // A new device, signed out.
  const fresh = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.88' } })
  const newPhone = await fresh.newPage()
  await newPhone.goto('/sign-in')
  await newPhone.getByRole('link', { name: 'Lost your passkey?' }).click()
  await expect(newPhone).toHaveURL(/\/recover$/)
  await newPhone.getByLabel('Your email address').fill(user.email)
  await newPhone.getByRole('button', { name: 'Email me a code' }).click()
  await expect(newPhone.getByRole('heading', { name: 'Check your email' })).toBeVisible()
  await newPhone.getByLabel('6-digit code').fill(await emailedCodeTo(user.email, /^Recover your /))
  await newPhone.getByRole('button', { name: 'Continue' }).click()
  await expect(newPhone.getByRole('heading', { name: 'One more step' })).toBeVisible()
  await newPhone.getByLabel('Recovery code').fill(codes[0]!.toLowerCase())
  await newPhone.getByRole('button', { name: 'Continue' }).click()
  await expect(newPhone).toHaveURL(/\/recover\/enroll$/)
  await expect(newPhone.getByText('You used one to get here.')).toBeVisible()
  await expect(newPhone.getByTestId('recovery-code-summary')).toHaveText('9 codes left.')
  await expect(newPhone.getByText('access code')).toHaveCount(0)
  const notice = await latestEmailTo(user.email, /^Your account is being recovered/)
  expect(notice.text).toContain('one of your recovery codes')

  // The recovery session reaches nothing else.
  for (const path of ['/account', '/account/passkeys', '/account/recovery', '/account/sessions']) {
    await newPhone.goto(path)
    await expect(newPhone).toHaveURL(/\/recover\/enroll$/)
  }

  await addVirtualAuthenticator(newPhone)
  await newPhone.bringToFront()
  await newPhone.getByRole('button', { name: 'Create a passkey' }).click()
  await expect(newPhone).toHaveURL(/\/recover\/done$/)
  await expect(newPhone.getByRole('heading', { name: 'You’re back in' })).toBeVisible()
  const session = await db().session.findFirstOrThrow({ where: { userId: user.id, ipAddress: '198.51.100.88' }, orderBy: { createdAt: 'desc' } })
  // Creating a passkey proves nothing held before: the session is a recovered one, at the email level for apps.
  expect(session.method).toBe('recovered')
  expect(await db().passkey.count({ where: { userId: user.id } })).toBe(2)
  await latestEmailTo(user.email, /A passkey was added/)

  await expect(newPhone.getByTestId('other-sessions')).toContainText('2 other browsers are still signed in')
  await newPhone.getByRole('button', { name: 'Sign out everywhere else' }).click()
  await expect(newPhone.getByText('Every other session was signed out.')).toBeVisible()
  expect(await db().session.count({ where: { userId: user.id } })).toBe(1)
  await newPhone.getByRole('link', { name: 'Go to your account' }).click()
  await expect(newPhone).toHaveURL(/\/account$/)

  const events = await db().auditEvent.findMany({ where: { userId: user.id, type: { startsWith: 'recovery_' } }, select: { type: true, result: true } })
  expect(events).toEqual(
    expect.arrayContaining([
      { type: 'recovery_requested', result: 'success' },
      { type: 'recovery_email_proven', result: 'success' },
      { type: 'recovery_factor', result: 'success' },
    ]),
  )
  expect(await db().auditEvent.count({ where: { userId: user.id, type: 'account_recovered' } })).toBe(1)

  // An app hears the recovered session's real level: no passkey was used to sign in, so not phishing-resistant.
  const receiver = await startReceiver()
  const app = await registerTestApp(receiver)
  const { tokens } = await signInToApp(newPhone, await discover(app), app)
  expect(tokens.claims()).toMatchObject({ acr: EMAIL_BASED, amr: ['otp'] })
  await app.remove()
  await receiver.close()
  await stolenLaptop.close()
  await fresh.close()
})

test('email alone does not recover an account with a passkey: the helpdesk is the way', async ({ page, user }) => {
  await db().passkey.create({
    data: {
      userId: user.id,
      credentialId: `lost-${user.id}`,
      publicKey: new Uint8Array([1]),
      aaguid: '00000000-0000-0000-0000-000000000000',
      name: 'Lost',
      backupEligible: false,
      backedUp: false,
      createdAt: new Date(),
    },
  })
  await page.goto('/recover')
  await page.getByLabel('Your email address').fill(user.email)
  await page.getByRole('button', { name: 'Email me a code' }).click()
  await page.getByLabel('6-digit code').fill(await emailedCodeTo(user.email, /^Recover your /))
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByTestId('recovery-helpdesk')).toContainText('your email alone can’t recover it')
  await expect(page.getByLabel('Recovery code')).toHaveCount(0)
  expect(await db().session.count({ where: { userId: user.id } })).toBe(0)
})

test('a recovery session ends after 15 minutes', async ({ page, user }) => {
  const [code] = await generateRecoveryCodes(user.id, auditFor())
  await page.goto('/recover')
  await page.getByLabel('Your email address').fill(user.email)
  await page.getByRole('button', { name: 'Email me a code' }).click()
  await page.getByLabel('6-digit code').fill(await emailedCodeTo(user.email, /^Recover your /))
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByLabel('Recovery code').fill(code!)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page).toHaveURL(/\/recover\/enroll$/)
  const session = await db().session.findFirstOrThrow({ where: { userId: user.id, method: 'recovery' } })
  expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBe(15 * 60_000)
  await db().session.update({ where: { id: session.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
  await page.reload()
  await expect(page).toHaveURL(/\/recover$/)
  const options = await page.request.post('/api/passkeys/register/options', { data: {}, headers: { origin: new URL(page.url()).origin } })
  expect(options.status()).toBe(401)
})
