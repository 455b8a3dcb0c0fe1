import { randomBytes } from 'node:crypto'
import { expect, test, type Browser, type Page } from '@playwright/test'
import { disconnectOthers, onPostgresServer, postgresUrlFor, uniqueDatabaseName } from '../../testing/databases'
import { signInEmailTo } from '../support/mailbox'
import { migrate, startOwnServer, type OwnServer } from '../support/production-server'
import { RESEND_URL } from '../support/servers'

/**
 * Two production instances of the portal on one PostgreSQL database, as
 * behind a load balancer: sessions, emailed codes and rate limits live in the
 * database, so either instance can finish what the other started.
 */
const A = 'http://localhost:3210'
const B = 'http://localhost:3211'
const servers: OwnServer[] = []
let database = ''

test.skip(!process.env.TEST_DATABASE_URL, 'needs TEST_DATABASE_URL (a PostgreSQL server), as CI sets')
test.describe.configure({ mode: 'serial', timeout: 120_000 })

test.beforeAll(async () => {
  test.setTimeout(240_000)
  database = uniqueDatabaseName('portal_two_instances')
  await onPostgresServer([`CREATE DATABASE ${database}`])
  const databaseUrl = postgresUrlFor(database)
  migrate(databaseUrl)
  // Both behind one public origin, as behind a load balancer.
  servers.push(...(await Promise.all([A, B].map((url) => startOwnServer(Number(new URL(url).port), databaseUrl, { APP_URL: A, DATABASE_POOL_SIZE: '4' })))))
})

test.afterAll(async () => {
  for (const server of servers) server.process.kill('SIGTERM')
  await new Promise((resolve) => setTimeout(resolve, 500))
  if (database) await onPostgresServer([disconnectOthers(database), `DROP DATABASE IF EXISTS ${database}`])
})

const address = () => `two-${randomBytes(5).toString('hex')}@example.com`
const clientIp = () => `198.51.100.${(randomBytes(1)[0]! % 200) + 20}`

/** Asks for the email on one instance and enters the code on the other. */
async function signInAcross(browser: Browser, email: string, requestOn: string, verifyOn: string): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': clientIp() } })
  const page = await context.newPage()
  const before = (await fetch(`${RESEND_URL}/__captured?to=${encodeURIComponent(email)}`).then((response) => response.json())) as unknown[]
  await page.goto(`${requestOn}/sign-in`)
  await page.getByLabel('Email address').fill(email)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
  const { code } = await signInEmailTo(email, before.length)
  await page.goto(`${verifyOn}/sign-in/check-email`)
  await page.getByLabel('6-digit code').fill(code)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page).toHaveURL(`${verifyOn}/account`)
  return page
}

test('a code asked for on A signs in on B; the session works on both; signed out on B, it is refused on A', async ({ browser }) => {
  const email = address()
  const first = await signInAcross(browser, email, A, B)
  await first.goto(`${A}/account`)
  await expect(first.getByTestId('signed-in-user')).toContainText(email)

  // A second browser signs in the other way round and, on B, signs the first one out.
  const second = await signInAcross(browser, email, B, A)
  await second.goto(`${B}/account/sessions`)
  await second.getByRole('button', { name: /^Sign out (?!all)/ }).click()
  await expect(second.getByText('Signed out. That browser will be asked to sign in on its next page.')).toBeVisible()

  await first.goto(`${A}/account`)
  await expect(first).toHaveURL(new RegExp(`^${A}/sign-in`))
  await first.context().close()
  await second.context().close()
})

test('the per-address send limit holds once across both instances', async ({ browser }) => {
  const email = address()
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': clientIp() } })
  const page = await context.newPage()
  for (let send = 1; send <= 6; send++) {
    const base = send % 2 === 0 ? B : A
    await page.goto(`${base}/sign-in`)
    await page.getByLabel('Email address').fill(email)
    await page.getByRole('button', { name: 'Continue' }).click()
    if (send <= 5) await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
  }
  await expect(page.getByText(/Too many emails were requested/)).toBeVisible()
  await expect(page).toHaveURL(`${B}/sign-in`)
  await context.close()
})
