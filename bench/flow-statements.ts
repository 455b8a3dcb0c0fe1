import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import type { ProbeAnswer } from '../scripts/bench-probe'
import type { Flow, Options as DriverOptions, RunResult } from './load-driver'
import { emailCodeSignIn } from './email-code-sign-in'

/**
 * SQL statements per HTTP flow, as the production server counts them (page
 * render and work after the response included), and their budgets: the
 * figures `npm run bench` prints and e2e/harness/statement-budgets.spec.ts
 * holds (ADR 22). Counts are deterministic where times are not, so they are
 * guarded in a test. A fresh SQLite database is seeded with a few hundred
 * accounts (bench/load-setup.ts), the build's server starts with Prisma's
 * query events on and the bench probe (scripts/bench-probe.ts), and each
 * flow runs once to warm up, then five times, one at a time, from the load
 * driver (bench/load-driver.ts) or, for the email flows of browsers and
 * accounts that signed in before, from bench/email-code-sign-in.ts.
 */

/** Statements per flow: at or below the 2026-11-28 figures, then lowered as the flows lose statements (docs/performance.md). */
export const FLOW_STATEMENT_BUDGETS = {
  /** The load bench's email-code flow: request, verify and the page it lands on, work after the response; each account's first sign-in. */
  'email-code': 17,
  /** Email code from a browser that signed in to the account before (four sign-ins in five): no new-sign-in notice. */
  'email-code-returning': 16,
  /** Email code from a browser new to an account that signed in before elsewhere (one in five): the notice goes out. */
  'email-code-new-browser': 22,
  'magic-link': 17,
  /** A passkey sign-in on an account's first sign-in: no new-sign-in notice. */
  passkey: 8,
  /**
   * A passkey sign-in from a browser new to an account that signed in before: the notice goes out (queued,
   * sent, dequeued, recorded). One of the nine is the demo mailbox's row, which an email provider replaces
   * with an HTTP call; the 2026-11-28 figure was 8 with it, before notices went through the outbox.
   */
  'passkey-new-browser': 9,
  'session-page': 2,
  'session-json': 1,
} as const

export type BudgetedFlow = keyof typeof FLOW_STATEMENT_BUDGETS
export type FlowStatements = Record<BudgetedFlow, number>

/**
 * Flows counted one at a time per kind after a warm-up run. The server's own
 * background work adds statements to a sample now and then, so the count is
 * the median sample: deterministic for a flow whose every run costs the same.
 */
const COUNTED_FLOWS = 5
const USERS = 400
const AUTH_SECRET = 'statement-budget-secret-that-is-long-enough-for-validation'

const node = (script: string, ...extra: string[]) => [process.execPath, '--import', 'tsx', ...extra, script]

function run(command: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(command[0]!, command.slice(1), { env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'inherit'] })
  if (result.status !== 0) throw new Error(`${command.join(' ')} failed`)
}

/** The statements the server has sent so far, over its IPC channel. */
function statementsSoFar(server: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (answer: ProbeAnswer) => {
      if (answer.type !== 'statements') return
      server.off('message', onMessage)
      resolve(answer.count)
    }
    server.on('message', onMessage)
    server.send({ type: 'statements' }, (error) => error && reject(error))
  })
}

/** The middle sample: the server's background work (the outbox every ten seconds, sealing every minute) shows in a few samples at most. */
function median(samples: number[]): number {
  return [...samples].sort((a, b) => a - b)[samples.length >> 1]!
}

/** Waits until the server's work after the responses is done: the count stops moving. */
async function settledCount(server: ChildProcess): Promise<number> {
  let last = await statementsSoFar(server)
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 300))
    const now = await statementsSoFar(server)
    if (now === last) return now
    last = now
  }
}

/** The load driver as a child process: one JSON line in and one out per run (its protocol, bench/load.ts). */
function startDriver() {
  const [command, ...args] = node('bench/load-driver.ts')
  const child = spawn(command!, args, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AUTH_SECRET, NODE_ENV: 'test' },
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]()
  return {
    async run(options: DriverOptions): Promise<RunResult> {
      child.stdin!.write(`${JSON.stringify(options)}\n`)
      for (;;) {
        const { value, done } = await lines.next()
        if (done) throw new Error('the load driver exited')
        if (value.startsWith('{')) return JSON.parse(value) as RunResult
      }
    },
    close: () => child.stdin!.end(),
  }
}

async function waitForServer(server: ChildProcess, base: string) {
  for (let tries = 0; tries < 600; tries++) {
    if (server.exitCode !== null) throw new Error('the server exited early')
    const up = await fetch(`${base}/healthz`).then(
      (response) => response.ok,
      () => false,
    )
    if (up) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${base} did not answer`)
}

/**
 * Counts the statements of each budgeted flow against the build in .next
 * (which must exist), on a server at `port`. `log` receives the server's
 * output, and a line naming each sample before it starts.
 */
export async function countFlowStatements(port: number, log?: (line: string) => void): Promise<FlowStatements> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'portal-statements-'))
  const databaseUrl = `file:${path.join(scratch, 'flows.db')}`
  const setupFile = path.join(scratch, 'setup.json')
  const base = `http://localhost:${port}`
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AUTH_SECRET, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: '1' }
  let server: ChildProcess | undefined
  const driver = startDriver()
  try {
    run([...node('prisma/tool/cli.ts'), 'migrate'], { ...env, NODE_ENV: 'test' })
    run([...node('bench/load-setup.ts', '--import', './scripts/register.mjs'), setupFile], {
      ...env,
      NODE_ENV: 'test',
      BENCH_USERS: String(USERS),
      BENCH_EVENTS: '0',
    })
    server = spawn(process.execPath, ['.next/portal-server.mjs'], {
      env: {
        ...env,
        NODE_ENV: 'production',
        DEMO_MODE: '1',
        HOST: '127.0.0.1',
        PORT: String(port),
        APP_URL: base,
        TRUSTED_PROXY_HOPS: '1',
        SIGNUP_POLICY: 'open',
        PRISMA_QUERY_EVENTS: '1',
        PORTAL_BENCH_PROBE: '1',
      },
      stdio: ['ignore', log ? 'pipe' : 'ignore', log ? 'pipe' : 'ignore', 'ipc'],
    })
    if (log) for (const stream of [server.stdout!, server.stderr!]) createInterface({ input: stream }).on('line', log)
    await waitForServer(server, base)

    let userOffset = 0
    // Where the passkey kind's accounts start in the driver's order, and how many were signed in to again.
    const passkeyAccounts: { first?: number; again: number } = { again: 0 }
    const driven = async (flow: Flow, flows: number) => {
      const result = await driver.run({ base, flow, concurrency: 1, seconds: 600, flowLimit: flows, setupFile, databaseUrl, userOffset })
      userOffset += flows
      if (result.errors || result.flows !== flows) throw new Error(`${flow}: ${result.errors} errors (${result.firstError ?? 'none'})`)
    }
    const setup = JSON.parse(readFileSync(setupFile, 'utf8')) as { emailUsers: number[]; sessions: string[] }
    // The driver's session checks are timed runs (autocannon): one request at a time is sent here instead.
    const sessionChecks = async (pathname: string, flows: number) => {
      for (let n = 0; n < flows; n++) {
        const response = await fetch(`${base}${pathname}`, { headers: { cookie: `portal.session=${setup.sessions[0]}`, 'x-forwarded-for': '198.19.251.1' } })
        await response.arrayBuffer()
        if (response.status !== 200) throw new Error(`${pathname} answered ${response.status}`)
      }
    }
    // Accounts apart from the driver's (which takes them from the start): each signs in once first, so the
    // counted sign-ins are a returning browser's (with that sign-in's cookie) or a new browser's on an account
    // that signed in before elsewhere, which the new-sign-in notice is for.
    const primed = setup.emailUsers.slice(-2 * (COUNTED_FLOWS + 1)).map((n) => `scale-${n}@example.org`)
    const knownBrowsers = new Map<string, string>()
    for (const [index, email] of primed.entries()) knownBrowsers.set(email, await emailCodeSignIn(base, databaseUrl, email, index, null))
    let primedCursor = 0
    const signInsAgain = (fromKnownBrowser: boolean) => async (flows: number) => {
      for (let n = 0; n < flows; n++) {
        const email = primed[primedCursor++]!
        await emailCodeSignIn(base, databaseUrl, email, primed.length + primedCursor, fromKnownBrowser ? knownBrowsers.get(email)! : null)
      }
    }
    const kinds: Record<BudgetedFlow, (flows: number) => Promise<unknown>> = {
      'email-code': (flows) => driven('email-code', flows),
      'email-code-returning': signInsAgain(true),
      'email-code-new-browser': signInsAgain(false),
      'magic-link': (flows) => driven('magic-link', flows),
      passkey: (flows) => {
        passkeyAccounts.first ??= userOffset
        return driven('passkey', flows)
      },
      // The same accounts again, in the same order, each from a browser that did not sign in to it.
      'passkey-new-browser': async (flows) => {
        const result = await driver.run({
          base,
          flow: 'passkey',
          concurrency: 1,
          seconds: 600,
          flowLimit: flows,
          setupFile,
          databaseUrl,
          userOffset: passkeyAccounts.first! + passkeyAccounts.again,
        })
        passkeyAccounts.again += flows
        if (result.errors || result.flows !== flows) throw new Error(`passkey-new-browser: ${result.errors} errors (${result.firstError ?? 'none'})`)
      },
      'session-page': (flows) => sessionChecks('/account', flows),
      'session-json': (flows) => sessionChecks('/api/session', flows),
    }
    const counts = {} as FlowStatements
    for (const [kind, drive] of Object.entries(kinds) as [BudgetedFlow, (flows: number) => Promise<unknown>][]) {
      await drive(1)
      const samples: number[] = []
      for (let n = 0; n < COUNTED_FLOWS; n++) {
        log?.(`--- ${kind} ${n + 1}`)
        const before = await settledCount(server)
        await drive(1)
        samples.push((await settledCount(server)) - before)
      }
      counts[kind] = median(samples)
    }
    return counts
  } finally {
    driver.close()
    if (server && server.exitCode === null) {
      server.kill('SIGTERM')
      await new Promise((resolve) => server!.once('exit', resolve))
    }
    rmSync(scratch, { recursive: true, force: true })
  }
}
