import { randomBytes } from 'node:crypto'
import { expect, test, type Browser, type Page } from '@playwright/test'
import pg from 'pg'
import { signInEmailTo } from '../support/mailbox'
import { createOwnPostgres, postgresBinariesFound, type OwnPostgres } from '../support/own-postgres'
import { migrate, startOwnServer, type OwnServer } from '../support/production-server'

/**
 * The portal on a PostgreSQL server this test owns, stopped and started under
 * it: while it is down, pages answer 503 with a reference and no one is
 * signed out; nothing is left half-written; once it is back, the same server
 * process carries on.
 */
const APP = 'http://localhost:3216'
let database: OwnPostgres | undefined
let server: OwnServer | undefined
let output: string[] = []

test.skip(!postgresBinariesFound(), 'needs PostgreSQL’s initdb and pg_ctl, as CI has')
test.describe.configure({ mode: 'serial', timeout: 180_000 })

test.beforeAll(async () => {
  test.setTimeout(240_000)
  database = createOwnPostgres(5491)
  migrate(database.url)
  server = await startOwnServer(3216, database.url, { DATABASE_POOL_SIZE: '4' })
  output = server.lines
})

test.afterAll(async () => {
  server?.process.kill('SIGTERM')
  await new Promise((resolve) => setTimeout(resolve, 500))
  database?.remove()
})

const address = (label: string) => `outage-${label}-${randomBytes(5).toString('hex')}@example.com`

async function askForCode(browser: Browser, email: string): Promise<{ page: Page; code: string }> {
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${(randomBytes(1)[0]! % 200) + 20}` } })
  const page = await context.newPage()
  await page.goto(`${APP}/sign-in`)
  await page.getByLabel('Email address').fill(email)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
  const { code } = await signInEmailTo(email)
  return { page, code }
}

async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByLabel('6-digit code').fill(code)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
}

async function onDatabase<T>(query: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database!.url })
  await client.connect()
  try {
    return (await client.query(query)).rows as T[]
  } finally {
    await client.end()
  }
}

test('with its database stopped the portal answers 503 and keeps people signed in; started again, it carries on', async ({ browser }) => {
  const signedIn = address('signed-in')
  const first = await askForCode(browser, signedIn)
  await enterCode(first.page, first.code)
  await expect(first.page).toHaveURL(`${APP}/account`)
  const newcomer = address('new')
  const second = await askForCode(browser, newcomer)

  database!.stop()

  // A page: 503, our page with the request id to quote, and the browser is not sent to sign in.
  const page = await first.page.goto(`${APP}/account`)
  expect(page!.status()).toBe(503)
  expect(page!.headers()['retry-after']).toBe('60')
  await expect(first.page).toHaveURL(`${APP}/account`)
  await expect(first.page.getByRole('heading', { name: 'We can’t reach our database right now' })).toBeVisible()
  const requestId = page!.headers()['x-request-id']!
  await expect(first.page.getByText(requestId)).toBeVisible()

  // JSON: 503 with the error code; readiness names the database.
  const ready = await fetch(`${APP}/readyz`)
  expect(ready.status).toBe(503)
  expect(((await ready.json()) as { checks: Record<string, string> }).checks.database).toBe('failing')
  const options = await fetch(`${APP}/api/passkeys/sign-in/options`, {
    method: 'POST',
    headers: { origin: APP, 'content-type': 'application/json' },
    body: JSON.stringify({ email: newcomer }),
  })
  expect(options.status).toBe(503)
  expect(await options.json()).toMatchObject({ error: 'database_unavailable' })

  // An action: a 503 with its typed error state, and the form stays as it was.
  const answered = second.page.waitForResponse((response) => response.request().method() === 'POST')
  await enterCode(second.page, second.code)
  expect((await answered).status()).toBe(503)
  await expect(second.page.getByText("We can't reach our database right now. Nothing was changed; try again in a minute.")).toBeVisible()
  expect(server!.process.exitCode).toBeNull()

  database!.start()

  // The same process recovers: the session is still there, and the code that met the outage still works.
  await expect(async () => {
    const again = await first.page.goto(`${APP}/account`)
    expect(again!.status()).toBe(200)
  }).toPass({ timeout: 30_000 })
  await expect(first.page.getByTestId('signed-in-user')).toContainText(signedIn)
  await enterCode(second.page, second.code)
  await expect(second.page).toHaveURL(`${APP}/account`)
  await expect.poll(async () => (await fetch(`${APP}/readyz`)).status).toBe(200)

  // Nothing half-written: every account has the session of its first sign-in.
  const orphans = await onDatabase<{ email: string }>(`SELECT u."email" FROM "User" u WHERE NOT EXISTS (SELECT 1 FROM "Session" s WHERE s."userId" = u."id")`)
  expect(orphans).toEqual([])
  const [created] = await onDatabase<{ sessions: number }>(
    `SELECT COUNT(*)::int AS "sessions" FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE u."email" = '${newcomer}'`,
  )
  expect(created!.sessions).toBe(1)

  // The server's log lines are JSON, and the outage is there under the request id the page showed.
  const lines = output.map((line) => JSON.parse(line) as { requestId?: string; status?: number; msg: string })
  expect(lines.find((line) => line.requestId === requestId && line.msg === 'request')).toMatchObject({ status: 503 })
  await first.page.context().close()
  await second.page.context().close()
})
