import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect, test, type Browser } from '@playwright/test'
import Database from 'better-sqlite3'
import { emailsTo, failNextEmails, signInEmailTo } from '../support/mailbox'
import { migrate, startOwnServer } from '../support/production-server'

/**
 * A real server process under load receives SIGTERM: every request it had
 * accepted is answered, it exits 0 without error lines, and a security notice
 * it could not send before stopping is sent by the next start.
 */
const PORT = 3217
const APP = `http://localhost:${PORT}`
const directory = mkdtempSync(path.join(tmpdir(), 'portal-shutdown-'))
const databaseFile = path.join(directory, 'portal.db')

test.describe.configure({ mode: 'serial', timeout: 240_000 })
test.afterAll(() => rmSync(directory, { recursive: true, force: true }))

const startServer = () => startOwnServer(PORT, `file:${databaseFile}`, { SHUTDOWN_GRACE: '20s' })

/** One request on a connection of its own, with its own request id; resolves with its status, or the error's code when it never got an answer. */
function get(pathname: string, requestId: string): Promise<number | string> {
  return new Promise((resolve) => {
    const request = httpRequest(`${APP}${pathname}`, { agent: false, headers: { 'x-request-id': requestId } }, (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode ?? 0))
      response.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'response error'))
    })
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'request error'))
    request.end()
  })
}

async function signIn(browser: Browser, email: string) {
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': `203.0.113.${(randomBytes(1)[0]! % 200) + 20}` } })
  const page = await context.newPage()
  const before = (await emailsTo(email)).filter((message) => message.subject.startsWith('Sign in to')).length
  await page.goto(`${APP}/sign-in`)
  await page.getByLabel('Email address').fill(email)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
  const { code } = await signInEmailTo(email, before)
  return { context, page, code }
}

test('SIGTERM under load: every accepted request is answered, exit 0, no error lines; a queued notice goes out after the restart', async ({ browser }) => {
  migrate(`file:${databaseFile}`)
  const first = await startServer()

  // A second browser signs in to an account while the provider refuses its email: the new-sign-in notice stays queued.
  const email = `shutdown-${randomBytes(4).toString('hex')}@example.com`
  const one = await signIn(browser, email)
  await one.page.getByLabel('6-digit code').fill(one.code)
  await one.page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(one.page).toHaveURL(`${APP}/account`)
  const two = await signIn(browser, email)
  await failNextEmails(500, 1_000, email)
  await two.page.getByLabel('6-digit code').fill(two.code)
  await two.page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(two.page).toHaveURL(`${APP}/account`)
  // Next.js fetched the action's redirect target from the server's own loopback listener, which outlives the public one.
  expect(first.lines.some((line) => /"route":"\/account".*"internal":true/.test(line))).toBe(true)
  const outbox = new Database(databaseFile, { readonly: true })
  await expect
    .poll(() => (outbox.prepare('SELECT "attempts" FROM "OutboxMessage"').get() as { attempts: number } | undefined)?.attempts ?? 0)
    .toBeGreaterThan(0)

  // Load: eight clients loop over pages and JSON, each request with an id of its own, until the server stops taking connections.
  const answers = new Map<string, number | string>()
  let stopped = false
  const client = async (_: unknown, index: number) => {
    const paths = ['/sign-in', '/readyz', '/healthz', '/recover']
    for (let turn = 0; !stopped; turn++) {
      const requestId = `load-${index}-${turn}-${randomBytes(4).toString('hex')}`
      const answer = await get(paths[turn % paths.length]!, requestId)
      answers.set(requestId, answer)
      if (answer === 'ECONNREFUSED') break
    }
  }
  const clients = Array.from({ length: 8 }, client)
  await new Promise((resolve) => setTimeout(resolve, 2_000))
  const sentAt = first.lines.length
  first.process.kill('SIGTERM')
  const code = await first.exited
  stopped = true
  await Promise.all(clients)

  expect(code).toBe(0)
  const logged = new Map<string, number>()
  for (const line of first.lines.map((text) => JSON.parse(text) as { msg: string; requestId?: string; status?: number })) {
    if (line.msg === 'request' && line.requestId?.startsWith('load-')) logged.set(line.requestId, line.status!)
  }
  const afterSignal = first.lines.slice(sentAt).map((line) => JSON.parse(line) as { level: string; msg: string; requestId?: string })
  // Requests came in while the server was stopping, and it answered them.
  expect(afterSignal.filter((line) => line.msg === 'request' && line.requestId?.startsWith('load-')).length).toBeGreaterThan(0)
  // Every request the server took in got its whole answer, with the status it logged, never a 5xx.
  for (const [requestId, status] of logged) {
    expect(answers.get(requestId), requestId).toBe(status)
    expect(status, requestId).toBeLessThan(500)
  }
  // The others never reached it: their connections were refused (or, still queued in the kernel when it stopped listening, reset).
  for (const [requestId, answer] of answers) if (!logged.has(requestId)) expect(['ECONNREFUSED', 'ECONNRESET'], requestId).toContain(answer)
  expect(logged.size).toBeGreaterThan(20)
  expect(afterSignal.filter((line) => line.level === 'error' || line.level === 'warn' || line.level === 'fatal')).toEqual([])
  expect(afterSignal.map((line) => line.msg)).toContain('Stopped')
  expect(await emailsTo(email).then((emails) => emails.filter((message) => message.subject === 'New sign-in to your account'))).toEqual([])

  // The provider works again; the next start sends the notice that was queued before the stop.
  await failNextEmails(500, 0, email)
  const second = await startServer()
  await expect
    .poll(async () => (await emailsTo(email)).filter((message) => message.subject === 'New sign-in to your account').length, { timeout: 60_000 })
    .toBe(1)
  expect(outbox.prepare('SELECT COUNT(*) AS "count" FROM "OutboxMessage"').get()).toEqual({ count: 0 })
  outbox.close()
  second.process.kill('SIGTERM')
  expect(await second.exited).toBe(0)
  await one.context.close()
  await two.context.close()
})
