import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { FLOW_STATEMENT_BUDGETS, countFlowStatements, type BudgetedFlow } from '../bench/flow-statements'

/**
 * `npm run bench`: prints the performance figures the project holds itself to.
 *   - SQL statements of a returning user's sign-in (email code, link, approval
 *     from another device, rate limiting included; passkey) and of a session check, on a
 *     fresh SQLite database, and on PostgreSQL too when BENCH_POSTGRES_URL (or
 *     TEST_DATABASE_URL) points at a server; and of the activity page on an
 *     account with 10,000 events;
 *   - the rollout dashboard's data at 100,000 people and 1,000,000 audit
 *     events: its statements and its time, and the background work that
 *     rolls the events up (ADR 17);
 *   - the gzipped JavaScript the /sign-in page loads, read from a production
 *     build served by the portal's server (built first if there is no build);
 *   - SQL statements per HTTP flow on that build, page render and work after
 *     the response included (bench/flow-statements.ts, ADR 22).
 * It prints figures and marks each against its budget; it exits 1 when one is over.
 * BENCH_PORT: the first of the two ports its servers listen on (random from 3300 when unset).
 */
const BUDGETS = { signInStatements: 4, sessionCheckStatements: 1, activityPageStatements: 2, dashboardStatements: 14, dashboardMs: 200, signInPageKiB: 140 }

const PORT = Number(process.env.BENCH_PORT ?? 3300 + Math.floor(Math.random() * 500))
const bin = (name: string) => path.resolve('node_modules', '.bin', name)
const scratch = mkdtempSync(path.join(tmpdir(), 'portal-bench-'))
const baseEnv = { ...process.env, AUTH_SECRET: process.env.AUTH_SECRET ?? 'benchmark-secret-that-is-long-enough-for-validation' }
let failed = false

function report(label: string, value: number, budget: number, unit: string) {
  const within = value <= budget
  if (!within) failed = true
  console.log(`  ${within ? 'ok  ' : 'OVER'}  ${label.padEnd(58)} ${String(value).padStart(6)} ${unit}  (budget ${budget})`)
}

function info(label: string, value: number, unit: string) {
  console.log(`  info  ${label.padEnd(58)} ${String(value).padStart(6)} ${unit}`)
}

function migrate(databaseUrl: string) {
  const result = spawnSync(bin('tsx'), ['prisma/tool/cli.ts', 'migrate'], {
    env: { ...baseEnv, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (result.status !== 0) throw new Error(`Could not migrate ${databaseUrl.replace(/\/\/[^@]*@/, '//')}`)
}

/** Runs the statement counts in a child process, so each database gets a fresh client and configuration. */
function statementsOn(label: string, databaseUrl: string) {
  migrate(databaseUrl)
  const result = spawnSync(bin('tsx'), ['--import', './scripts/register.mjs', 'scripts/benchmark-statements.ts'], {
    env: { ...baseEnv, DATABASE_URL: databaseUrl, PRISMA_QUERY_EVENTS: '1', NODE_ENV: 'test' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  if (result.status !== 0) throw new Error(`Statement benchmark failed on ${label}`)
  const figures = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, number>
  console.log(`\nSQL statements per operation on ${label}`)
  info('request a sign-in email (before the sign-in; no budget)', figures.request!, 'stmts')
  report('sign in with the emailed code (rate limit included)', figures.code!, BUDGETS.signInStatements, 'stmts')
  report('sign in with the emailed link (rate limit included)', figures.link!, BUDGETS.signInStatements, 'stmts')
  report('the emailed link in another browser, with its code', figures.linkElsewhere!, BUDGETS.signInStatements, 'stmts')
  report('sign in after approval on another device', figures.approval!, BUDGETS.signInStatements, 'stmts')
  report('sign in with a passkey (challenge consumed, counter checked)', figures.passkey!, BUDGETS.signInStatements, 'stmts')
  report('session check', figures.sessionCheck!, BUDGETS.sessionCheckStatements, 'stmts')
  info('new browser: check and notice, after the response', figures.newBrowser!, 'stmts')
  info('email sign-in: passkey offer, after the response', figures.nudgeOffer!, 'stmts')
  report('activity page, 10,000 events: first page', figures.activity!, BUDGETS.activityPageStatements, 'stmts')
  report('activity page, 10,000 events: filtered by type and result', figures.activityFiltered!, BUDGETS.activityPageStatements, 'stmts')
  rolloutOn(label, databaseUrl)
}

/** The rollout dashboard at 1,000,000 events, in a child process on the same database. */
function rolloutOn(label: string, databaseUrl: string) {
  const result = spawnSync(bin('tsx'), ['--import', './scripts/register.mjs', 'scripts/benchmark-rollout.ts'], {
    env: { ...baseEnv, DATABASE_URL: databaseUrl, PRISMA_QUERY_EVENTS: '1', NODE_ENV: 'test' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  if (result.status !== 0) throw new Error(`Rollout benchmark failed on ${label}`)
  const figures = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, number>
  console.log(`\nRollout dashboard on ${label}: 100,000 people, 1,000,000 audit events, last 90 days`)
  info('background: roll 1,000,000 sealed events up into daily sign-ins', figures.rollUp!, 'ms')
  info('background: count people and passkeys (snapshot)', figures.snapshot!, 'ms')
  report('dashboard data, one group: statements', figures.statements!, BUDGETS.dashboardStatements, 'stmts')
  report('dashboard data, whole organisation: time (median of 7)', figures.dashboard!, BUDGETS.dashboardMs, 'ms')
}

async function waitFor(url: string, server: ChildProcess) {
  for (let tries = 0; tries < 240; tries++) {
    if (server.exitCode !== null) throw new Error('the server exited early')
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`${url} did not answer`)
}

function ensureBuild() {
  if (!existsSync(path.resolve('.next', 'BUILD_ID')) || !existsSync(path.resolve('.next', 'portal-server.mjs'))) {
    console.log('\nNo production build found: running npm run build')
    const build = spawnSync('npm', ['run', 'build'], { env: { ...baseEnv, NODE_OPTIONS: '' }, stdio: 'inherit' })
    if (build.status !== 0) throw new Error('the build failed')
  }
}

const FLOW_LABELS: Record<BudgetedFlow, string> = {
  'email-code': 'email code, first sign-in of an account (the load flow)',
  'email-code-returning': 'email code, returning browser (no new-sign-in notice)',
  'email-code-new-browser': 'email code, new browser on a used account (notice sent)',
  'magic-link': 'email link, first sign-in of an account (the load flow)',
  passkey: 'passkey, first sign-in of an account (options, verify)',
  'passkey-new-browser': 'passkey, new browser on a used account (notice sent)',
  'session-page': 'session check as a page (/account)',
  'session-json': 'session check as JSON (/api/session)',
}

async function statementsPerHttpFlow() {
  const counts = await countFlowStatements(PORT + 1)
  console.log('\nSQL statements per HTTP flow on the production build (SQLite; page render and after-response work included)')
  for (const flow of Object.keys(FLOW_STATEMENT_BUDGETS) as BudgetedFlow[]) report(FLOW_LABELS[flow], counts[flow], FLOW_STATEMENT_BUDGETS[flow], 'stmts')
}

async function signInPageJavaScript() {
  const port = String(PORT)
  const databaseUrl = `file:${path.join(scratch, 'pages.db')}`
  migrate(databaseUrl)
  const appUrl = `http://localhost:${port}`
  const server = spawn(process.execPath, ['.next/portal-server.mjs'], {
    env: { ...baseEnv, NODE_OPTIONS: '', DATABASE_URL: databaseUrl, APP_URL: appUrl, DEMO_MODE: '1', PORT: port },
    stdio: 'ignore',
  })
  try {
    await waitFor(`${appUrl}/sign-in`, server)
    const html = await (await fetch(`${appUrl}/sign-in`)).text()
    // Scripts marked nomodule (legacy polyfills) are neither downloaded nor run by current browsers.
    const tags = [...html.matchAll(/<script[^>]+src="([^"]+)"[^>]*>/g)]
    const scripts = [...new Set(tags.filter((tag) => !/nomodule/i.test(tag[0])).map((tag) => tag[1]!))]
    let gzipped = 0
    for (const src of scripts) gzipped += gzipSync(Buffer.from(await (await fetch(new URL(src, appUrl))).arrayBuffer()), { level: 9 }).length
    const inline = [...html.matchAll(/<script(?![^>]*src=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]!).join('')
    const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10
    console.log(`\n/sign-in JavaScript (${scripts.length} script files; nomodule polyfills not counted)`)
    report('script files, gzipped', kib(gzipped), BUDGETS.signInPageKiB, 'KiB')
    console.log(`  info  inline page data (React Server Components payload), gzipped: ${kib(gzipSync(Buffer.from(inline), { level: 9 }).length)} KiB`)
    // The email form (the language switcher comes first on the page).
    const form = html.match(/<form[^>]*>(?=(?:(?!<\/form>)[\s\S])*name="email")/)?.[0] ?? ''
    console.log(`  ${/method="POST"/i.test(form) ? 'ok  ' : 'FAIL'}  email form posts without JavaScript: ${form.replace(/ class="[^"]*"/, '')}`)
    if (!/method="POST"/i.test(form)) failed = true
  } finally {
    server.kill('SIGTERM')
  }
}

try {
  statementsOn('SQLite', `file:${path.join(scratch, 'bench.db')}`)
  const postgres = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_DATABASE_URL
  if (postgres) {
    const database = `portal_bench_${process.pid}`
    const { Client } = await import('pg')
    const admin = new Client({ connectionString: postgres })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${database}`)
    try {
      const url = new URL(postgres)
      url.pathname = `/${database}`
      statementsOn('PostgreSQL', url.toString())
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
      await admin.end()
    }
  } else {
    console.log('\n(PostgreSQL skipped: set BENCH_POSTGRES_URL to include it)')
  }
  ensureBuild()
  await signInPageJavaScript()
  await statementsPerHttpFlow()
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
console.log(failed ? '\nAt least one figure is over its budget.' : '\nEvery figure is within its budget.')
process.exit(failed ? 1 : 0)
