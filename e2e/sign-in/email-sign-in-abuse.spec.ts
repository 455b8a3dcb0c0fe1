import { randomBytes } from 'node:crypto'
import type { APIRequestContext, APIResponse } from '@playwright/test'
import { db } from '../../lib/db'
import { expect, test, testClientIp } from '../fixtures'
import { enterCode, requestEmail } from '../support/email-sign-in'
import { emailsTo, signInEmailTo } from '../support/mailbox'
import { APP, APP_SECOND_INSTANCE } from '../support/servers'

/**
 * Posts a server-action form the way a browser without JavaScript does: the
 * hidden action fields from the rendered page plus the given fields.
 */
async function postForm(request: APIRequestContext, url: string, formIndex: number, fields: Record<string, string>): Promise<APIResponse> {
  const html = await (await request.get(url)).text()
  const forms = html.split('<form').slice(1)
  const form = forms[formIndex]
  if (!form) throw new Error(`no form number ${formIndex} on ${url}`)
  const hidden: Record<string, string> = {}
  for (const match of form.matchAll(/<input type="hidden" name="(\$ACTION_[^"]+)"(?: value="([^"]*)")?/g)) {
    hidden[match[1]!] = (match[2] ?? '').replaceAll('&quot;', '"').replaceAll('&amp;', '&')
  }
  // Browsers send Origin with every form POST; Next.js checks it against the host.
  return request.post(url, { multipart: { ...hidden, ...fields }, maxRedirects: 0, headers: { origin: APP.url } })
}

/** What a response tells about an account: status, where it leads, which cookies it sets, and the visible text. */
async function observable(response: APIResponse) {
  const headers = response.headers()
  const cookies = response.headersArray().filter((header) => header.name.toLowerCase() === 'set-cookie')
  return {
    status: response.status(),
    location: headers['location'] ?? null,
    cookies: cookies.map((cookie) => cookie.value.replace(/=[^;]*/, '=<secret>').replace(/Expires=[^;]*/i, 'Expires=<time>')),
    contentType: headers['content-type'] ?? null,
    cacheControl: headers['cache-control'] ?? null,
  }
}

/** The text of a page with the per-request parts (action keys, nonces, times, the approval number) taken out. */
function visibleText(html: string): string {
  return html
    .replace(/data-testid="approval-number">\d{2}</g, 'data-testid="approval-number">NN<')
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&#x27;', "'")
    .replace(/\s+/g, ' ')
    .trim()
}

test('known and unknown addresses get identical answers to request, verify and resend', async ({ playwright, user }) => {
  // Same first letter and domain, so the masked address on screen is the same too.
  const known = await db().user.update({ where: { id: user.id }, data: { email: `k-${randomBytes(4).toString('hex')}@example.com` } })
  const unknown = `k-${randomBytes(4).toString('hex')}@example.com`
  const results = []
  for (const email of [known.email, unknown]) {
    const request = await playwright.request.newContext({ baseURL: APP.url, extraHTTPHeaders: { 'x-forwarded-for': testClientIp() } })
    // Form 0 of /sign-in is the language switcher; 1 is the email form.
    const asked = await postForm(request, '/sign-in', 1, { email, timeZone: 'UTC' })
    const screen = await request.get('/sign-in/check-email')
    const verified = await postForm(request, '/sign-in/check-email', 0, { code: '000000' })
    const resentTooSoon = await postForm(request, '/sign-in/check-email', 1, { timeZone: 'UTC' })
    await db().emailChallenge.updateMany({ where: { email }, data: { createdAt: new Date(Date.now() - 60_000) } })
    const resent = await postForm(request, '/sign-in/check-email', 1, { timeZone: 'UTC' })
    results.push({
      asked: await observable(asked),
      screen: { ...(await observable(screen)), text: visibleText(await screen.text()) },
      verified: { ...(await observable(verified)), text: visibleText(await verified.text()).replace(/"\$ACTION[^"]*"/g, '') },
      resentTooSoon: { ...(await observable(resentTooSoon)), text: visibleText(await resentTooSoon.text()).replace(/\d+ seconds?/, 'N seconds') },
      resent: await observable(resent),
    })
    await request.dispose()
  }
  expect(results[0]!.asked).toMatchObject({ status: 303, location: '/sign-in/check-email' })
  expect(results[0]!.screen.text).toContain('k•••@example.com')
  expect(results[0]!.verified.text).toContain("That code isn't right.")
  expect(results[0]!.resentTooSoon.text).toContain('Wait N seconds before sending another code.')
  expect(results[0]!.resent).toMatchObject({ status: 303, location: '/sign-in/check-email' })
  expect(results[1]).toEqual(results[0])
  // Open sign-up: both addresses got their emails.
  expect(await emailsTo(known.email)).toHaveLength(2)
  expect(await emailsTo(unknown)).toHaveLength(2)
})

test('the per-address send limit answers with a retry time and holds across two app instances', async ({ page, user }) => {
  for (let send = 1; send <= 6; send++) {
    const base = send % 2 === 0 ? APP_SECOND_INSTANCE.url : APP.url
    await page.goto(`${base}/sign-in`)
    await page.getByLabel('Email address').fill(user.email)
    await page.getByRole('button', { name: 'Continue' }).click()
    if (send <= 5) await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
  }
  await expect(page.getByText(/Too many emails were requested\. Try again in 1[45] minutes\./)).toBeVisible()
  expect(page.url()).toContain(`${APP_SECOND_INSTANCE.url}/sign-in`)
  expect(await emailsTo(user.email)).toHaveLength(5)
  const refused = await db().auditEvent.count({ where: { type: 'sign_in_requested', result: 'failure', reason: 'rate_limited', ipAddress: { not: null } } })
  expect(refused).toBeGreaterThanOrEqual(1)
})

test('invalid addresses get a field error and a 1 MB form body is refused without harm', async ({ page, request }) => {
  await page.goto('/sign-in')
  const field = page.getByLabel('Email address')
  const cases: Array<[string, string]> = [
    ['no-at-sign.example.com', 'An email address has exactly one @ sign, like name@example.com.'],
    ['two@at@example.com', 'An email address has exactly one @ sign, like name@example.com.'],
    [`${'a'.repeat(288)}@example.com`, 'That address is too long: an email address has at most 254 characters.'],
    ['bell\u0007@example.com', 'Remove the quotes or hidden characters from the address.'],
    ['fullwidth＠example.com', 'An email address has exactly one @ sign, like name@example.com.'],
  ]
  for (const [value, message] of cases) {
    await field.fill(value)
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect(page.locator('#email-error')).toHaveText(message)
    await expect(field).toHaveAttribute('aria-invalid', 'true')
    await expect(field).toHaveValue(value)
  }

  const huge = await postForm(request, '/sign-in', 1, { email: `${'a'.repeat(1024 * 1024)}@example.com` })
  expect(huge.status()).toBe(413)
  expect(await huge.text()).not.toMatch(/at .*\.js|Error:/)
  expect((await request.get('/sign-in')).status()).toBe(200)
})

test('someone who knows only the address cannot lock its owner out of a browser that signed in before', async ({ browser, context, page, user }) => {
  // The owner signs in once by email in this browser, then signs out (the browser stays known to the account).
  await requestEmail(page, user.email)
  await enterCode(page, (await signInEmailTo(user.email)).code)
  await expect(page).toHaveURL(/\/account$/)
  await context.clearCookies({ name: 'portal.session' })

  // The attacker, elsewhere, uses up the address's sends and guesses 20 wrong codes against their own requests.
  const attacker = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': testClientIp() } })
  const theirs = await attacker.newPage()
  for (let send = 1; send <= 4; send++) {
    await requestEmail(theirs, user.email)
    for (let guess = 0; guess < 5; guess++) await enterCode(theirs, String(100000 + send * 10 + guess))
  }
  await theirs.goto('/sign-in')
  await theirs.getByLabel('Email address').fill(user.email)
  await theirs.getByRole('button', { name: 'Continue' }).click()
  await expect(theirs.getByText(/Too many (emails were requested|wrong codes)/)).toBeVisible()

  // The owner's browser still gets its code and signs in.
  const before = (await emailsTo(user.email)).filter((email) => email.subject.startsWith('Sign in to')).length
  await requestEmail(page, user.email)
  await enterCode(page, (await signInEmailTo(user.email, before)).code)
  await expect(page).toHaveURL(/\/account$/)
  await attacker.close()
})
