import { expect, test } from '../fixtures'
import { enterCode, requestEmail } from '../support/email-sign-in'
import { signInEmailTo } from '../support/mailbox'
import { APP, DEMO } from '../support/servers'

/** What a newcomer meets in their first minutes with the demo and the portal. */

test('demo mode says on every sign-in step that the email is in the demo mailbox; production does not', async ({ page, browser }) => {
  const demo = await browser.newContext({ baseURL: DEMO.url })
  const demoPage = await demo.newPage()
  await demoPage.goto('/sign-in')
  const banner = demoPage.getByRole('note', { name: 'Demo mode' })
  await expect(banner).toContainText('no email leaves this server')
  await demoPage.getByLabel('Email address').fill(`newcomer-${Date.now()}@example.com`)
  await demoPage.getByRole('button', { name: 'Continue' }).click()
  await expect(demoPage).toHaveURL(/\/sign-in\/check-email/)
  await demoPage.getByRole('note', { name: 'Demo mode' }).getByRole('link', { name: 'demo mailbox' }).click()
  await expect(demoPage.getByRole('heading', { name: 'Mailbox' })).toBeVisible()
  await demo.close()

  await page.goto(`${APP.url}/sign-in`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(page.getByRole('note', { name: 'Demo mode' })).toHaveCount(0)
})

test('the mailbox shows the whole HTML message and leads back to the portal', async ({ browser }) => {
  const demo = await browser.newContext({ baseURL: DEMO.url, viewport: { width: 1280, height: 600 } })
  const page = await demo.newPage()
  await page.goto('/dev/mailbox')
  await page.getByRole('link', { name: /Welcome to Passkey Portal.*To ada@example\.com/ }).click()
  const frame = page.getByTestId('mailbox-html')
  // The frame grows to the message: nothing is cut off inside it.
  await expect
    .poll(() =>
      frame.evaluate((element: HTMLIFrameElement) => {
        const document = element.contentDocument!
        return element.clientHeight - document.documentElement.scrollHeight
      }),
    )
    .toBeGreaterThanOrEqual(0)
  // Fitted to this message, not a fixed height that happens to be enough.
  expect(await frame.evaluate((element: HTMLIFrameElement) => element.style.height)).toMatch(/^\d+px$/)
  await page.getByRole('link', { name: 'Back to the portal →' }).click()
  await expect(page).toHaveURL(/\/sign-in$/)
  await demo.close()
})

test('the icons, robots.txt and security.txt are served', async ({ request }) => {
  const favicon = await request.get('/favicon.ico')
  expect(favicon.status()).toBe(200)
  expect((await favicon.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]))
  for (const [path, type] of [
    ['/icon.svg', 'image/svg+xml'],
    ['/apple-touch-icon.png', 'image/png'],
    ['/icon-192.png', 'image/png'],
    ['/manifest.webmanifest', 'application/manifest+json'],
  ]) {
    const response = await request.get(path!)
    expect(response.status(), path).toBe(200)
    expect(response.headers()['content-type'], path).toContain(type)
  }
  const robots = await (await request.get('/robots.txt')).text()
  expect(robots).toMatch(/User-agent: \*\nDisallow: \/\n/)
  const security = await request.get('/.well-known/security.txt')
  expect(security.status()).toBe(200)
  const text = await security.text()
  expect(text).toMatch(/^Contact: mailto:security@localhost$/m)
  const expires = Date.parse(/^Expires: (.+)$/m.exec(text)![1]!)
  expect(expires).toBeGreaterThan(Date.now())
  expect(expires).toBeLessThan(Date.now() + 365 * 86_400_000)
  const home = await request.get('/sign-in')
  expect(await home.text()).toContain('<link rel="icon" href="/favicon.ico"')
})

test.describe('an account without a passkey, signed in by email', () => {
  test.use({ timezoneId: 'Asia/Tokyo' })

  test('sees one passkey prompt a page, and times in its own time zone', async ({ page }) => {
    const email = `prompts-${Date.now()}@example.com`
    await requestEmail(page, email)
    await enterCode(page, (await signInEmailTo(email)).code)
    await expect(page).toHaveURL(/\/account$/)
    const prompts = () =>
      page
        .getByRole('main')
        .getByRole('button', { name: /Create a passkey|Add a passkey/ })
        .or(page.getByRole('main').getByRole('link', { name: 'Add a passkey' }))
    await page.goto('/account')
    await expect(page.getByTestId('passkey-nudge')).toBeVisible()
    await expect(prompts()).toHaveCount(1)
    await expect(page.getByTestId('session-summary')).toContainText('GMT+9')
    await expect(page.getByTestId('session-summary')).not.toContainText('UTC')

    await page.goto('/account/passkeys')
    await expect(page.getByTestId('passkey-nudge')).toHaveCount(0)
    await expect(prompts()).toHaveCount(1)

    await page.goto('/account/sessions')
    await expect(page.getByRole('main')).toContainText('GMT+9')
    await expect(page.getByRole('main')).not.toContainText('UTC')
  })
})
