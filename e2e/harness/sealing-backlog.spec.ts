import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from '@playwright/test'
import Database from 'better-sqlite3'
import pg from 'pg'
import { disconnectOthers, onPostgresServer, postgresUrlFor, uniqueDatabaseName } from '../../testing/databases'
import { migrate, startOwnServer, type OwnServer } from '../support/production-server'
import { E2E_AUTH_SECRET } from '../support/servers'

/**
 * A restore, an import or a stopped sealer leaves a backlog of unsealed
 * audit rows. A production server started on 900,000 of them, in random time
 * order, seals them while it keeps answering (docs/decisions/0021-background-work-in-short-turns.md):
 * every /healthz and session check gets its answer within a bounded wait.
 * SIGTERM during the catch-up stops the sealer after its batch and the
 * process exits 0 within the grace period; the next start seals the rest
 * and the chain verifies. On SQLite and on PostgreSQL.
 */
const BACKLOG = 900_000
const OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0)
const GRACE_SECONDS = 10
/** The longest any one request may wait during the catch-up. */
const ANSWER_WITHIN_MS = 5_000

test.describe.configure({ mode: 'serial', timeout: 1_800_000 })

/** The two databases, behind the few statements the test needs. */
type Backend = { url: string; query: (sql: string) => Promise<number>; run: (sql: string) => Promise<void>; close: () => Promise<void> }

// The rows' times: random within the ten days before SETTLE_MS (30 s) ago, so every row may be sealed at once.
const SEED_SQLITE = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${BACKLOG})
  INSERT INTO "AuditEvent" ("id", "type", "result", "method", "ipAddress", "userAgent", "detail", "createdAt")
  SELECT 'backlog-' || i, 'sign_in', 'success', 'passkey', '203.0.113.7', 'Backlog/1.0', '{"durationMs":1200}',
    strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now', '-60 seconds', '-' || ((abs(random()) % 864000000) / 1000.0) || ' seconds') FROM n`
const SEED_POSTGRES = `INSERT INTO "AuditEvent" ("id", "type", "result", "method", "ipAddress", "userAgent", "detail", "createdAt")
  SELECT 'backlog-' || i, 'sign_in', 'success', 'passkey', '203.0.113.7', 'Backlog/1.0', '{"durationMs":1200}',
    now() - interval '60 seconds' - random() * interval '10 days' FROM generate_series(1, ${BACKLOG}) i`

function sqlite(): Backend & { remove: () => void } {
  const directory = mkdtempSync(path.join(tmpdir(), 'portal-backlog-'))
  const file = path.join(directory, 'portal.db')
  const url = `file:${file}`
  migrate(url)
  const connection = new Database(file)
  return {
    url,
    query: async (sql) => Number(Object.values(connection.prepare(sql).get() as Record<string, number>)[0]),
    run: async (sql) => void connection.exec(sql),
    close: async () => void connection.close(),
    remove: () => rmSync(directory, { recursive: true, force: true }),
  }
}

async function postgres(database: string): Promise<Backend> {
  await onPostgresServer([`CREATE DATABASE ${database}`])
  const url = postgresUrlFor(database)
  migrate(url)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  return {
    url,
    query: async (sql) => Number(Object.values((await client.query<Record<string, string>>(sql)).rows[0]!)[0]),
    run: async (sql) => void (await client.query(sql)),
    close: () => client.end(),
  }
}

/** One signed-in person, written as a sign-in would leave them; returns their session cookie's value. */
async function seed(backend: Backend, postgresql: boolean): Promise<string> {
  const secret = randomBytes(32).toString('base64url')
  const now = postgresql ? 'now()' : `strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')`
  const later = postgresql ? `now() + interval '1 day'` : `strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now', '+1 day')`
  await backend.run(`INSERT INTO "User" ("id", "email", "updatedAt") VALUES ('backlog-person', 'backlog@example.com', ${now})`)
  await backend.run(`INSERT INTO "Session" ("id", "userId", "method", "createdAt", "lastSeenAt", "expiresAt")
    VALUES ('${createHash('sha256').update(secret).digest('hex')}', 'backlog-person', 'passkey', ${now}, ${now}, ${later})`)
  await backend.run(postgresql ? SEED_POSTGRES : SEED_SQLITE)
  if (postgresql) await backend.run('VACUUM ANALYZE "AuditEvent"')
  return secret
}

const unsealed = (backend: Backend) => backend.query('SELECT COUNT(*) FROM "AuditEvent" WHERE "seq" IS NULL')

/** GETs `pathname` with a bounded wait; resolves with the status, or why there was none. */
async function get(server: OwnServer, pathname: string, cookie?: string): Promise<number | string> {
  try {
    const response = await fetch(`${server.url}${pathname}`, { headers: cookie ? { cookie } : {}, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) })
    await response.arrayBuffer()
    return response.status
  } catch (error) {
    return error instanceof Error ? error.name : String(error)
  }
}

/** Polls /healthz and the session check until the sealer has made progress for a while (or two minutes passed); returns every answer. */
async function pollWhileSealing(server: OwnServer, backend: Backend, cookie: string): Promise<(number | string)[]> {
  const answers: (number | string)[] = []
  let progressed = 0
  let slowest = 0
  const before = await unsealed(backend)
  const until = Date.now() + 120_000
  while (progressed < 10 && Date.now() < until) {
    for (const [pathname, withCookie] of [['/healthz'], ['/api/session', cookie]] as const) {
      const started = Date.now()
      answers.push(await get(server, pathname, withCookie))
      slowest = Math.max(slowest, Date.now() - started)
    }
    const left = await unsealed(backend)
    if (left < before && left > 0) progressed += 1
    if (left === 0) break
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
  test.info().annotations.push({ type: 'slowest answer while sealing', description: `${slowest} ms of ${answers.length}` })
  return answers
}

const verify = (databaseUrl: string) =>
  promisify(execFile)(path.resolve('node_modules/.bin/tsx'), ['--import', './scripts/register.mjs', 'scripts/audit-verify.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: E2E_AUTH_SECRET,
      APP_URL: 'http://localhost:3000',
      RESEND_API_KEY: 're_e2e_loopback',
      EMAIL_FROM: 'Passkey Portal <login@portal.test>',
    },
  })

/** The servers a test started, stopped when it ends, whatever its outcome. */
const started: OwnServer[] = []
test.afterEach(async () => {
  for (const server of started.splice(0)) {
    if (server.process.exitCode === null) server.process.kill('SIGKILL')
    await server.exited
  }
})

async function start(port: number, databaseUrl: string): Promise<OwnServer> {
  const server = await startOwnServer(port, databaseUrl, { SHUTDOWN_GRACE: `${GRACE_SECONDS}s` })
  started.push(server)
  return server
}

async function catchUp(backend: Backend, port: number, postgresql: boolean) {
  const cookie = `portal.session=${await seed(backend, postgresql)}`

  const first = await start(port, backend.url)
  const answers = await pollWhileSealing(first, backend, cookie)
  expect(answers.length).toBeGreaterThan(0)
  expect(answers.filter((answer) => answer !== 200)).toEqual([])
  const left = await unsealed(backend)
  expect(left).toBeGreaterThan(0)

  // SIGTERM mid-backlog: the sealer stops after its batch, and the process exits 0 within the grace period.
  first.process.kill('SIGTERM')
  const stopped = new Promise<string>((resolve) => setTimeout(() => resolve('still running'), (GRACE_SECONDS + 5) * 1000))
  expect(await Promise.race([first.exited, stopped])).toBe(0)
  expect(first.lines.filter((line) => /"level":(50|60)/.test(line))).toEqual([])
  expect(await unsealed(backend)).toBeGreaterThan(0)

  // The next start seals the rest, answering meanwhile, and the whole chain verifies.
  const second = await start(port, backend.url)
  expect((await pollWhileSealing(second, backend, cookie)).filter((answer) => answer !== 200)).toEqual([])
  await expect.poll(() => unsealed(backend), { timeout: 1_200_000, intervals: [2_000] }).toBe(0)
  second.process.kill('SIGTERM')
  expect(await second.exited).toBe(0)
  const { stdout } = await verify(backend.url)
  expect(stdout).toMatch(/^The audit log verifies: \d+ sealed rows/m)
}

test('SQLite: a 900,000-row backlog is sealed while requests are answered, SIGTERM stops it within the grace period', async () => {
  const backend = sqlite()
  try {
    await catchUp(backend, 3230 + OFFSET, false)
  } finally {
    await backend.close()
    backend.remove()
  }
})

test('PostgreSQL: the same backlog, on its own database', async () => {
  test.skip(!process.env.TEST_DATABASE_URL, 'needs TEST_DATABASE_URL (a PostgreSQL server), as CI sets')
  const database = uniqueDatabaseName('portal_backlog')
  const backend = await postgres(database)
  try {
    await catchUp(backend, 3231 + OFFSET, true)
  } finally {
    await backend.close()
    await onPostgresServer([disconnectOthers(database), `DROP DATABASE IF EXISTS ${database}`])
  }
})
