import { execFileSync } from 'node:child_process'
import { db } from '../../lib/db'
import type { TestUser } from '../fixtures'
import { passkeyRow } from '../policies/support'
import { emailedCodeTo, latestEmailTo } from '../support/mailbox'
import { expect, test } from './fixtures'
import type { EnginePage } from './support/engine-page'

/**
 * The code oathtool (OATH Toolkit, an implementation independent of ours)
 * computes for `secret`, `aheadSeconds` from now.
 */
const oathtool = (secret: string, aheadSeconds = 0) =>
  execFileSync('oathtool', ['--totp', '--base32', `--now=@${Math.floor(Date.now() / 1000) + aheadSeconds}`, secret], { encoding: 'utf8' }).trim()

/** The recovery codes the page shows once, read as a person would copy them. */
async function shownRecoveryCodes(page: EnginePage): Promise<string[]> {
  await page.waitForText(/^Save these codes now/)
  return page.evaluate<string[]>(`() => [...document.querySelectorAll('[data-testid="recovery-code"]')].map((code) => code.textContent.trim())`)
}

/** From the sign-in page: "Lost your passkey?", the address, the emailed code, then the factor's form. */
async function proveEmail(page: EnginePage, user: TestUser) {
  await page.press('Lost your passkey?', 'link')
  await page.waitForUrl(/\/recover$/)
  await page.fill('Your email address', user.email)
  await page.press('Email me a code')
  await page.waitForText('Check your email')
  await page.fill('6-digit code', await emailedCodeTo(user.email, /^Recover your /))
  await page.press('Continue')
  await page.waitForText('One more step')
}

/** What recovery recorded: each step's audit row, and the short recovery session it opened. */
async function expectRecovered(user: TestUser, factor: 'recovery_code' | 'totp') {
  const events = await db().auditEvent.findMany({
    where: { userId: user.id, type: { in: ['recovery_requested', 'recovery_email_proven', 'recovery_factor'] } },
    select: { type: true, result: true, method: true },
    orderBy: { createdAt: 'asc' },
  })
  expect(events.map(({ type, result }) => ({ type, result }))).toEqual([
    { type: 'recovery_requested', result: 'success' },
    { type: 'recovery_email_proven', result: 'success' },
    { type: 'recovery_factor', result: 'success' },
  ])
  expect(events.at(-1)!.method).toBe(factor)
  const session = await db().session.findFirstOrThrow({ where: { userId: user.id, method: 'recovery' } })
  expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBe(15 * 60_000)
  const notice = await latestEmailTo(user.email, /^Your account is being recovered/)
  expect(notice.text).toContain(factor === 'totp' ? 'a code from your authenticator app' : 'one of your recovery codes')
}

test('lost device: recovery codes made on the recovery page, then the emailed code and one of them get back in', async ({ open, user, signInPage }) => {
  // The passkey on the phone that is about to be lost.
  await passkeyRow(user.id)
  const page = await open()
  await signInPage(page, user)
  await page.goto('/account/recovery')
  await page.waitForText('You have no recovery codes yet.')
  await page.press('Create recovery codes')
  const codes = await shownRecoveryCodes(page)
  expect(codes).toHaveLength(10)
  for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/)
  await page.press('Sign out')
  await page.waitForUrl(/\/sign-in\?signedOut=1$/)

  await proveEmail(page, user)
  // Typed as a person might read it off paper: lower case.
  await page.fill('Recovery code', codes[3]!.toLowerCase())
  await page.press('Continue')
  await page.waitForUrl(/\/recover\/enroll$/)
  await page.waitForText('Add a new passkey')
  await page.waitForText('9 codes left.')
  await expectRecovered(user, 'recovery_code')
  expect(await db().recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(1)

  // The recovery session reaches nothing but the new passkey.
  await page.goto('/account')
  await page.waitForUrl(/\/recover\/enroll$/)

  // WebKitGTK has no WebAuthn, so there the flow ends at this step; elsewhere a new authenticator finishes it.
  if (!(await page.addAuthenticator())) return
  await page.press('Create a passkey')
  await page.waitForUrl(/\/recover\/done$/)
  await page.waitForText('You’re back in')
  expect(await db().passkey.count({ where: { userId: user.id } })).toBe(2)
  expect(await db().session.count({ where: { userId: user.id, method: 'recovered' } })).toBe(1)
  await page.press('Go to your account', 'link')
  await page.waitForUrl(/\/account$/)
  expect(await db().auditEvent.count({ where: { userId: user.id, type: 'account_recovered' } })).toBe(1)
})

test('lost device: an authenticator app set up on the recovery page, then the emailed code and the app’s code get back in', async ({
  open,
  user,
  signInPage,
}) => {
  await passkeyRow(user.id)
  const page = await open()
  await signInPage(page, user)
  await page.goto('/account/recovery')
  await page.press('Set up an authenticator app')
  await page.waitForText('Can’t scan it? Enter this key in the app instead:')
  const secret = (await page.evaluate<string>(`() => document.querySelector('[data-testid="totp-secret"]').textContent`)).replaceAll(' ', '')
  expect(secret).toMatch(/^[A-Z2-7]{32}$/)
  await page.fill('Enter the 6-digit code the app shows', oathtool(secret))
  await page.press('Turn on')
  await page.waitForText('Authenticator app added.')
  const lastUsedStep = async () => (await db().totpFactor.findUniqueOrThrow({ where: { userId: user.id }, select: { lastUsedStep: true } })).lastUsedStep
  const turnedOnAt = await lastUsedStep()
  expect(turnedOnAt).not.toBeNull()
  await page.press('Sign out')
  await page.waitForUrl(/\/sign-in\?signedOut=1$/)

  await proveEmail(page, user)
  // A code works once (RFC 6238 §5.2) and the one that turned the app on may still be current: the app's next
  // code, which the portal accepts one step early for clock drift, is the one certain to be new.
  await page.fill('Code from your authenticator app', oathtool(secret, 30))
  await page.press('Continue')
  await page.waitForUrl(/\/recover\/enroll$/)
  await page.waitForText('Add a new passkey')
  await page.waitForText(user.email)
  await expectRecovered(user, 'totp')
  // The app's code is used up: it, and every earlier one, no longer works.
  expect((await lastUsedStep())! > turnedOnAt!).toBe(true)
  await page.goto('/account/recovery')
  await page.waitForUrl(/\/recover\/enroll$/)
})
