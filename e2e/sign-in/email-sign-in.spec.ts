import { randomBytes } from 'node:crypto'
import { db } from '../../lib/db'
import { expect, test, testClientIp } from '../fixtures'
import { readMetrics, total } from '../support/metrics'
import { enterCode, requestEmail } from '../support/email-sign-in'
import { failNextEmails, latestEmailTo, signInEmailTo } from '../support/mailbox'
import { APP } from '../support/servers'

function newAddress(name = 'new') {
  return `${name}-${randomBytes(5).toString('hex')}@example.com`
}

/** Waits until the server has recorded `count` wrong-code failures for the user. */
async function expectCodeFailures(userId: string, count: number) {
  await expect
    .poll(() => db().auditEvent.count({ where: { userId, type: 'sign_in', result: 'failure', reason: { in: ['code_wrong', 'code_burned'] } } }))
    .toBe(count)
}

async function sessionsOf(email: string) {
  return db().session.findMany({ where: { user: { email } }, select: { method: true } })
}

test('a new address signs in with the emailed code, which creates the account', async ({ page }) => {
  const email = newAddress()
  await requestEmail(page, email, '/sign-in?returnTo=%2Faccount%2Fpasskeys')
  await expect(page.getByText(`${email[0]}•••@example.com`)).toBeVisible()
  const { code } = await signInEmailTo(email)
  await enterCode(page, code)
  await expect(page).toHaveURL(/\/account\/passkeys$/)
  expect(await sessionsOf(email)).toEqual([{ method: 'email_code' }])
  const events = await db().auditEvent.findMany({
    where: { user: { email } },
    orderBy: { createdAt: 'asc' },
    select: { type: true, result: true, method: true },
  })
  expect(events).toEqual(
    expect.arrayContaining([
      { type: 'account_created', result: 'success', method: 'email_code' },
      { type: 'sign_in', result: 'success', method: 'email_code' },
    ]),
  )
})

test('an existing user signs in with the link in the same browser; GET and HEAD leave it usable, a second confirm is refused', async ({
  page,
  browser,
  user,
}) => {
  await requestEmail(page, user.email)
  const { link } = await signInEmailTo(user.email)
  // What a mail scanner does: fetch the link without cookies.
  expect((await page.request.fetch(link, { method: 'HEAD' })).status()).toBe(200)
  expect((await page.request.get(link)).status()).toBe(200)

  // A second browser holds the confirmation page open.
  const other = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': testClientIp() } })
  const otherPage = await other.newPage()
  await otherPage.goto(link)
  await expect(otherPage.getByRole('button', { name: 'Sign in here' })).toBeVisible()

  await page.goto(link)
  await expect(page.getByText(`Sign in to Passkey Portal as ${user.email[0]}•••@example.com on this device?`)).toBeVisible()
  await page.getByRole('button', { name: 'Sign in to Passkey Portal' }).click()
  await expect(page).toHaveURL(/\/account$/)
  expect(await sessionsOf(user.email)).toEqual([{ method: 'magic_link' }])

  await otherPage.getByRole('button', { name: 'Sign in here' }).click()
  await expect(otherPage.getByText('This link was already used. Ask for a new one if you still need to sign in.')).toBeVisible()
  expect(await sessionsOf(user.email)).toHaveLength(1)

  // Opened again where it signed in: no "ask for a new one", the way to the account instead.
  await page.goto(link)
  await expect(page.getByRole('heading', { name: 'You’re already signed in' })).toBeVisible()
  await expect(page.getByText(`You’re signed in as ${user.email} in this browser.`)).toBeVisible()
  await page.getByRole('link', { name: 'Go to your account' }).click()
  await expect(page).toHaveURL(/\/account$/)
  await other.close()
})

test('a link opened in another browser signs nobody in by its buttons alone; the code from the same email signs that browser in', async ({
  page,
  browser,
  user,
}) => {
  await requestEmail(page, user.email)
  const { link, code } = await signInEmailTo(user.email)

  // A mail scanner that runs scripts opens the link in its own browser and presses every button it finds.
  const scanner = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': testClientIp() } })
  const scannerPage = await scanner.newPage()
  await scannerPage.goto(link)
  await expect(scannerPage.getByRole('heading', { name: 'Where do you want to sign in?' })).toBeVisible()
  // The first button is the safe one: approving the waiting browser, which needs the number only it shows.
  await expect(scannerPage.getByRole('button').first()).toHaveText('Approve sign-in on the other device')
  for (const [name, refusal] of [
    ['Approve sign-in on the other device', 'That isn’t the number shown on the other device.'],
    ['Sign in here', "That code isn't right."],
  ] as const) {
    await scannerPage.getByRole('button', { name }).click()
    await expect(scannerPage.getByText(refusal)).toBeVisible()
  }
  expect(await sessionsOf(user.email)).toEqual([])
  // Pressing with nothing typed took none of the request's attempts.
  expect((await db().emailChallenge.findFirstOrThrow({ where: { email: user.email }, orderBy: { createdAt: 'desc' } })).attempts).toBe(0)
  await scanner.close()

  // The person, on another device with the email: the code from it signs that device in.
  const laptop = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': testClientIp() } })
  const laptopPage = await laptop.newPage()
  await laptopPage.goto(link)
  await laptopPage.getByLabel('6-digit code from the same email').fill(code)
  await laptopPage.getByRole('button', { name: 'Sign in here' }).click()
  await expect(laptopPage).toHaveURL(/\/account$/)
  expect(await sessionsOf(user.email)).toEqual([{ method: 'magic_link' }])
  await laptop.close()
})

test('approving the link on another device signs in the waiting browser, not the approving one', async ({ page, browser, user }) => {
  await requestEmail(page, user.email)
  const { link } = await signInEmailTo(user.email)

  const phone = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': testClientIp() } })
  const phonePage = await phone.newPage()
  await phonePage.goto(link)
  await expect(phonePage.getByText(/It was requested from Chrome on \w+/)).toBeVisible()
  // "… seconds ago" keeps counting while the page is open.
  const ago = phonePage.getByTestId('requested-ago')
  await expect(ago).toHaveText(/^\d+ seconds? ago$/)
  await expect(ago).not.toHaveText((await ago.textContent())!)
  await phonePage.getByLabel('Number shown on the other device').fill((await page.getByTestId('approval-number').textContent())!)
  await phonePage.getByRole('button', { name: 'Approve sign-in on the other device' }).click()
  await expect(phonePage.getByRole('status')).toContainText('Approved')

  // The waiting browser moves on by itself.
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByTestId('signed-in-user')).toContainText(user.email)
  expect(await sessionsOf(user.email)).toEqual([{ method: 'magic_link' }])

  await phonePage.goto('/account')
  await expect(phonePage).toHaveURL(/\/sign-in/)
  await phone.close()
})

test('five wrong codes burn the code; a new code works and the old one does not', async ({ page, user }) => {
  await requestEmail(page, user.email)
  const first = await signInEmailTo(user.email)
  const wrong = first.code === '000000' ? '111111' : '000000'
  for (let attempt = 1; attempt <= 4; attempt++) {
    await enterCode(page, wrong)
    await expectCodeFailures(user.id, attempt)
    await expect(page.getByText("That code isn't right. Check the latest email and try again.")).toBeVisible()
  }
  await enterCode(page, wrong)
  await expect(page.getByText('Too many wrong tries for this code, so it no longer works. Send a new code.')).toBeVisible()
  await enterCode(page, first.code)
  await expect(page.getByText('Too many wrong tries for this code, so it no longer works. Send a new code.')).toBeVisible()

  // Skip the 30-second resend cooldown by moving the request back in time.
  await expect(page.getByText(/You can send a new code in \d+ s/)).toBeVisible()
  await db().emailChallenge.updateMany({ where: { email: user.email }, data: { createdAt: new Date(Date.now() - 60_000) } })
  await page.reload()
  await expect(page.getByText('Didn’t get it? Check your spam folder, or send a new code.')).toBeVisible()
  await page.getByRole('button', { name: 'Send a new code' }).click()
  // The same screen again, for the new request: its 30-second countdown starts over.
  await expect(page.getByText(/You can send a new code in \d+ s/)).toBeVisible()
  const second = await signInEmailTo(user.email, 1)

  await enterCode(page, first.code)
  await expect(page.getByText("That code isn't right. Check the latest email and try again.")).toBeVisible()
  await enterCode(page, second.code)
  await expect(page).toHaveURL(/\/account$/)
  await expectCodeFailures(user.id, 7)
})

test('after 20 wrong codes in an hour the address is paused and the message says until when', async ({ page, user }) => {
  for (let round = 0; round < 4; round++) {
    await requestEmail(page, user.email)
    const { code } = await signInEmailTo(user.email, round)
    const wrong = code === '000000' ? '111111' : '000000'
    for (let attempt = 1; attempt <= 5; attempt++) {
      await enterCode(page, wrong)
      await expectCodeFailures(user.id, round * 5 + attempt)
    }
    if (round < 3) await page.getByRole('button', { name: 'Use a different email' }).click()
  }
  await expect(page.getByText(/Too many wrong codes for this address\. .* try again in (59|60) minutes\./)).toBeVisible()
  await page.getByRole('button', { name: 'Use a different email' }).click()
  await page.getByLabel('Email address').fill(user.email)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByText(/Too many wrong codes for this address\. .* try again in (59|60) minutes\./)).toBeVisible()
})

test('an expired code and an expired link are refused with a way to get a new one', async ({ page, user }) => {
  await requestEmail(page, user.email)
  const { code, link } = await signInEmailTo(user.email)
  const past = new Date(Date.now() - 11 * 60_000)
  await db().emailChallenge.updateMany({ where: { email: user.email }, data: { createdAt: past, expiresAt: new Date(past.getTime() + 10 * 60_000) } })

  await enterCode(page, code)
  await expect(page.getByText('This code has expired. Send a new code.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Send a new code' })).toBeVisible()

  await page.goto(link)
  await expect(page.getByText('This link has expired. Ask for a new one.')).toBeVisible()
  await page.getByRole('link', { name: 'Send a new sign-in email' }).click()
  await expect(page).toHaveURL(/\/sign-in$/)
})

test('an email provider that never answers: the retry message comes after its timeout, and no token works', async ({ page }) => {
  const email = newAddress('hang')
  await failNextEmails('hang', 3, email)
  await page.goto('/sign-in')
  await page.getByLabel('Email address').fill(email)
  await page.getByRole('button', { name: 'Continue' }).click()
  // Within Playwright's 15-second wait, where it used to take the provider's five minutes.
  await expect(page.getByText("We couldn't send the email, try again in a minute.")).toBeVisible()
  expect(await db().emailChallenge.findMany({ where: { email }, select: { status: true } })).toEqual([{ status: 'undeliverable' }])
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain('portal.sign-in')
})

test('a failing email provider shows the retry message, leaves no usable token, and is counted in the metrics', async ({ page }) => {
  const email = newAddress('outage')
  const failedBefore = total((await readMetrics(page.request)).samples, 'portal_email_failed_total', { cause: 'refused' })
  await failNextEmails(500, 3, email)
  await page.goto('/sign-in')
  await page.getByLabel('Email address').fill(email)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByText("We couldn't send the email, try again in a minute.")).toBeVisible()
  await expect(page.getByLabel('Email address')).toHaveValue(email)
  const challenges = await db().emailChallenge.findMany({ where: { email }, select: { status: true } })
  expect(challenges).toEqual([{ status: 'undeliverable' }])
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain('portal.sign-in')
  expect(total((await readMetrics(page.request)).samples, 'portal_email_failed_total', { cause: 'refused' })).toBeGreaterThan(failedBefore)
})

test.describe('return paths', () => {
  for (const [returnTo, expected] of [
    ['/account/passkeys', /\/account\/passkeys$/],
    ['https://evil.example/', new RegExp(`^${APP.url}/account$`)],
    ['//evil.example', new RegExp(`^${APP.url}/account$`)],
  ] as const) {
    test(`returnTo=${returnTo}`, async ({ page }) => {
      const email = newAddress('return')
      await requestEmail(page, email, `/sign-in?returnTo=${encodeURIComponent(returnTo)}`)
      await enterCode(page, (await signInEmailTo(email)).code)
      await expect(page).toHaveURL(expected)
    })
  }
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the email form and the code form work', async ({ page, user }) => {
    await requestEmail(page, user.email)
    await enterCode(page, 'abc')
    await expect(page.getByText('Enter the 6-digit code from the email.')).toBeVisible()
    await enterCode(page, (await signInEmailTo(user.email)).code)
    await expect(page).toHaveURL(/\/account$/)
    expect(new URL(page.url()).origin).toBe(APP.url)
  })
})

test('a request from someone else: their user agent never reads as ours, and approving needs the number only their screen shows', async ({
  browser,
  page,
  user,
}) => {
  const lure = 'Your company IT desk (ticket 4471) - press Approve to keep your account active/1.0'
  const attacker = await browser.newContext({ userAgent: lure, extraHTTPHeaders: { 'x-forwarded-for': testClientIp() } })
  const attackerPage = await attacker.newPage()
  await requestEmail(attackerPage, user.email)
  const { link } = await signInEmailTo(user.email)
  const email = await latestEmailTo(user.email, /^Sign in to/)
  expect(email.text).not.toContain('press Approve')
  expect(email.text).toContain('an unknown browser')

  // The victim opens the link and is talked into approving; they cannot see the attacker's number.
  await page.goto(link)
  await expect(page.getByText('It was requested from an unknown browser')).toBeVisible()
  await expect(page.getByText('press Approve')).toHaveCount(0)
  const shown = (await attackerPage.getByTestId('approval-number').textContent())!
  const guess = shown === '42' ? '43' : '42'
  await page.getByLabel('Number shown on the other device').fill(guess)
  await page.getByRole('button', { name: 'Approve sign-in on the other device' }).click()
  await expect(page.getByText('That isn’t the number shown on the other device.')).toBeVisible()
  await attackerPage.waitForTimeout(1500)
  await expect(attackerPage).toHaveURL(/\/sign-in\/check-email$/)
  expect(await sessionsOf(user.email)).toHaveLength(0)

  // A request older than 5 minutes is never approved, whatever number is typed.
  await db().emailChallenge.updateMany({ where: { email: user.email, status: 'pending' }, data: { createdAt: new Date(Date.now() - 6 * 60_000) } })
  await page.reload()
  await expect(page.getByText('This request is more than 5 minutes old, so it can’t be approved for the other device.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Approve sign-in on the other device' })).toHaveCount(0)
  await attacker.close()
})
