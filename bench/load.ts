import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import path from 'node:path'
import type { Flow, RunResult } from './load-driver'
import { summariseProfile, type ProfileSummary } from './profile-summary'

/**
 * `npm run bench:load`: what users wait for, measured over HTTP against the
 * production build. For each database (SQLite, and PostgreSQL when
 * BENCH_POSTGRES_URL or TEST_DATABASE_URL is set) and size (1,000 and 100,000
 * users, with 1,000,000 audit events), it starts the portal's server pinned
 * to one core, drives each flow from a separate process pinned to the other
 * (email code, magic link, passkey, and the session check as a page and as
 * JSON) at concurrency 1, 10 and 50, and reads the server's CPU time and
 * memory from /proc. Rate limits stay as in production: flows use different
 * accounts and, through TRUSTED_PROXY_HOPS, different client addresses.
 * Writes bench/results/<date>.md and .json and prints figures against the
 * budgets. Settings: BENCH_LOAD_USERS (1000,100000), BENCH_LOAD_SECONDS (8),
 * BENCH_LOAD_PORT (3400; the peer uses the next port), BENCH_EVENTS (1000000),
 * BENCH_LOAD_FLOWS (all, comma-separated), BENCH_LOAD_PROFILE (1: CPU profile
 * of the server, summarised), BENCH_LOAD_PEER (0: skip Better Auth). The
 * Better Auth peer (bench/peers/better-auth) is installed and built on first
 * use; it is not a dependency of the portal.
 */

const FLOWS = (process.env.BENCH_LOAD_FLOWS?.split(',') ?? ['email-code', 'magic-link', 'passkey', 'session-page', 'session-json']) as Flow[]
/** With BENCH_LOAD_PROFILE=1 the server runs with --cpu-prof and the results say where its time went. */
const PROFILE = process.env.BENCH_LOAD_PROFILE === '1'
const CONCURRENCY = [1, 10, 50]
const SIZES = (process.env.BENCH_LOAD_USERS ?? '1000,100000').split(',').map(Number)
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 8)
const PORT = Number(process.env.BENCH_LOAD_PORT ?? 3400)
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000)
const BASE = `http://localhost:${PORT}`
/** The Better Auth email-OTP peer (bench/peers/better-auth), measured in the same run unless BENCH_LOAD_PEER=0. */
const PEER = process.env.BENCH_LOAD_PEER !== '0'
const PEER_DIR = path.resolve('bench', 'peers', 'better-auth')
const PEER_BASE = `http://localhost:${PORT + 1}`
const PEER_FLOWS: Flow[] = ['peer-email-code', 'peer-session-json']
const AUTH_SECRET = 'load-benchmark-secret-that-is-long-enough-for-validation'
const BUDGETS = { emailVerifyP99Ms: 100, emailCpuMsPerFlow: 15, passkeyFlowsPerSecond: 200, passkeyVerifyP99Ms: 50, growthPercent: 10, idleRssMb: 120, peakRssMb: 350 }

const twoCores = availableParallelism() >= 2
const pinned = (core: number, command: string[]) => (twoCores && existsSync('/usr/bin/taskset') ? ['/usr/bin/taskset', '-c', String(core), ...command] : command)
const node = (script: string, ...extra: string[]) => [process.execPath, '--import', 'tsx', ...extra, script]
const scratch = mkdtempSync(path.join(tmpdir(), 'portal-load-'))
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100

function procCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks
}

function procMemoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string) => Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))?.[1] ?? 0)
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) }
}

function run(command: string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync(command[0]!, command.slice(1), { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 })
  if (result.status !== 0) throw new Error(`${command.join(' ')} failed`)
  return result.stdout
}

async function waitForServer(server: ChildProcess, base = BASE): Promise<number> {
  const started = performance.now()
  for (;;) {
    if (server.exitCode !== null) throw new Error('the server exited early')
    try {
      if ((await fetch(`${base}/sign-in`)).ok) return Math.round(performance.now() - started)
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const setupFileFor = (label: string, users: number) => path.join(scratch, `setup-${label}-${users}.json`)

type Measured = RunResult & { cpuMsPerFlow: number; rssMb: number }
type Configuration = {
  database: string
  users: number
  coldStartMs: number
  idleRssMb: number
  peakRssMb: number
  runs: Measured[]
  profile?: ProfileSummary
  peer?: ServerFigures
}

type ServerFigures = { coldStartMs: number; idleRssMb: number; peakRssMb: number; runs: Measured[] }

/**
 * Measures one started server: cold start, a warm-up of every flow, idle
 * memory, then each flow at each concurrency from the driver on the other
 * core, with the server's CPU time per flow. Stops the server at the end.
 */
async function measureServer(server: ChildProcess, base: string, flows: Flow[], driverInput: { setupFile: string; databaseUrl: string }): Promise<ServerFigures> {
  try {
    const coldStartMs = await waitForServer(server, base)
    const drive = (flow: Flow, concurrency: number, seconds: number, userOffset: number): RunResult => {
      const options = { base, flow, concurrency, seconds, userOffset, ...driverInput }
      const output = run(pinned(1, node('bench/load-driver.ts').concat(JSON.stringify(options))), { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AUTH_SECRET, NODE_ENV: 'test' })
      return JSON.parse(output.trim().split('\n').at(-1)!) as RunResult
    }
    // Warm the server's code paths once, then let it settle before reading idle memory.
    let userOffset = 0
    for (const flow of flows) userOffset += drive(flow, 2, 2, userOffset).flows + 10
    await new Promise((resolve) => setTimeout(resolve, 3000))
    const idleRssMb = procMemoryMb(server.pid!).rss
    const runs: Measured[] = []
    for (const flow of flows) {
      for (const concurrency of CONCURRENCY) {
        const before = procCpuMs(server.pid!)
        const result = drive(flow, concurrency, SECONDS, userOffset)
        userOffset += result.flows + result.errors + concurrency
        const cpuMsPerFlow = result.flows ? Math.round(((procCpuMs(server.pid!) - before) / result.flows) * 10) / 10 : 0
        runs.push({ ...result, cpuMsPerFlow, rssMb: procMemoryMb(server.pid!).rss })
        console.log(
          `  ${flow.padEnd(17)} c${String(concurrency).padEnd(3)} ${(result.flows / result.seconds).toFixed(1).padStart(7)}/s  p50 ${result.flowMs.p50} ms  p99 ${result.flowMs.p99} ms  (last step p99 ${result.verifyMs.p99} ms)  CPU ${cpuMsPerFlow} ms/flow  errors ${result.errors}${result.firstError ? ` (${result.firstError})` : ''}`,
        )
      }
    }
    return { coldStartMs, idleRssMb, peakRssMb: procMemoryMb(server.pid!).peak, runs }
  } finally {
    if (server.exitCode === null) {
      server.kill('SIGTERM')
      await new Promise((resolve) => server.once('exit', resolve))
    }
  }
}

async function measure(label: string, databaseUrl: string, users: number): Promise<Configuration> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AUTH_SECRET, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: '1' }
  console.log(`\n▸ ${label}, ${users.toLocaleString('en')} users, ${EVENTS.toLocaleString('en')} events: migrating and seeding`)
  run([process.execPath, '--import', 'tsx', 'prisma/tool/cli.ts', 'migrate'], { ...env, NODE_ENV: 'test' })
  const setupFile = setupFileFor(label, users)
  run(node('bench/load-setup.ts', '--import', './lib/outside-next/register.mjs').concat(setupFile), { ...env, NODE_ENV: 'test', BENCH_USERS: String(users), BENCH_EVENTS: String(EVENTS) })

  const profileDir = path.join(scratch, `profile-${label}-${users}`)
  const [command, ...args] = pinned(0, [process.execPath, ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), '.next/portal-server.mjs'])
  const server = spawn(command!, args, {
    env: { ...env, NODE_ENV: 'production', DEMO_MODE: '1', HOST: '127.0.0.1', PORT: String(PORT), APP_URL: BASE, TRUSTED_PROXY_HOPS: '1', SIGNUP_POLICY: 'open' },
    stdio: 'ignore',
  })
  const figures = await measureServer(server, BASE, FLOWS, { setupFile, databaseUrl })
  const profileFile = PROFILE ? readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile')) : undefined
  const profile = profileFile ? summariseProfile(path.join(profileDir, profileFile)) : undefined
  return { database: label, users, ...figures, profile }
}

/** Installs and builds the Better Auth peer the first time it is needed. */
function preparePeer() {
  const env = { ...process.env, NODE_OPTIONS: '', NEXT_TELEMETRY_DISABLED: '1' }
  if (!existsSync(path.join(PEER_DIR, 'node_modules', 'better-auth'))) {
    console.log('\n▸ Installing the Better Auth peer (bench/peers/better-auth)')
    const installed = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: PEER_DIR, env, stdio: 'inherit' })
    if (installed.status !== 0) throw new Error('installing the Better Auth peer failed')
  }
  if (!existsSync(path.join(PEER_DIR, '.next', 'BUILD_ID'))) {
    const built = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { cwd: PEER_DIR, env, stdio: 'inherit' })
    if (built.status !== 0) throw new Error('building the Better Auth peer failed')
  }
}

/** The same flows against Better Auth's email OTP on the same Next.js and the same kind of database, with the same accounts. */
async function measurePeer(label: string, databaseUrl: string, users: number, setupFile: string): Promise<ServerFigures> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: databaseUrl, BETTER_AUTH_SECRET: AUTH_SECRET, APP_URL: PEER_BASE, NEXT_TELEMETRY_DISABLED: '1' }
  console.log(`  Better Auth (email OTP) on ${label}, ${users.toLocaleString('en')} users`)
  const migrated = spawnSync(process.execPath, ['migrate.mjs'], { cwd: PEER_DIR, env: { ...env, NODE_ENV: 'production', BENCH_USERS: String(users) }, stdio: ['ignore', 'ignore', 'inherit'] })
  if (migrated.status !== 0) throw new Error('migrating the Better Auth peer failed')
  const [command, ...args] = pinned(0, [process.execPath, 'node_modules/next/dist/bin/next', 'start', '-p', String(PORT + 1)])
  const server = spawn(command!, args, { cwd: PEER_DIR, env: { ...env, NODE_ENV: 'production' }, stdio: 'ignore' })
  return measureServer(server, PEER_BASE, PEER_FLOWS, { setupFile, databaseUrl })
}

function verdict(ok: boolean) {
  return ok ? 'ok  ' : 'MISS'
}

function summarise(configurations: Configuration[]): string[] {
  const lines: string[] = []
  const find = (configuration: Configuration, flow: Flow, concurrency: number) => configuration.runs.find((run) => run.flow === flow && run.concurrency === concurrency)
  const rate = (run: RunResult) => Math.round((run.flows / run.seconds) * 10) / 10
  for (const configuration of configurations) {
    const email = find(configuration, 'email-code', 10)
    const passkey = find(configuration, 'passkey', 10)
    lines.push(`${configuration.database}, ${configuration.users.toLocaleString('en')} users`)
    if (email) {
      lines.push(`  ${verdict(email.verifyMs.p99 <= BUDGETS.emailVerifyP99Ms)}  email code, c10: verify p99 ${email.verifyMs.p99} ms (budget ${BUDGETS.emailVerifyP99Ms}); ${rate(email)} flows/s`)
      lines.push(`  ${verdict(email.cpuMsPerFlow <= BUDGETS.emailCpuMsPerFlow)}  email code, c10: server CPU ${email.cpuMsPerFlow} ms per flow (budget ${BUDGETS.emailCpuMsPerFlow})`)
    }
    if (passkey) {
      lines.push(`  ${verdict(rate(passkey) >= BUDGETS.passkeyFlowsPerSecond)}  passkey, c10: ${rate(passkey)} flows/s (budget ≥ ${BUDGETS.passkeyFlowsPerSecond})`)
      lines.push(`  ${verdict(passkey.verifyMs.p99 <= BUDGETS.passkeyVerifyP99Ms)}  passkey, c10: verify p99 ${passkey.verifyMs.p99} ms (budget ${BUDGETS.passkeyVerifyP99Ms})`)
    }
    lines.push(`  ${verdict(configuration.idleRssMb <= BUDGETS.idleRssMb)}  idle RSS after warm-up ${configuration.idleRssMb} MB (budget ${BUDGETS.idleRssMb})`)
    lines.push(`  ${verdict(configuration.peakRssMb <= BUDGETS.peakRssMb)}  peak RSS ${configuration.peakRssMb} MB (budget ${BUDGETS.peakRssMb})`)
    lines.push(`  info  cold start to the first /sign-in: ${configuration.coldStartMs} ms`)
    const peer = configuration.peer
    if (peer) {
      const peerEmail = peer.runs.find((run) => run.flow === 'peer-email-code' && run.concurrency === 10)
      const peerSession = peer.runs.find((run) => run.flow === 'peer-session-json' && run.concurrency === 10)
      const session = find(configuration, 'session-json', 10)
      if (email && peerEmail) {
        lines.push(`  ${verdict(rate(email) >= rate(peerEmail))}  email code, c10: ${rate(email)} flows/s against Better Auth's ${rate(peerEmail)} (×${(rate(email) / rate(peerEmail)).toFixed(2)})`)
        lines.push(`  info  email code, c10: server CPU ${email.cpuMsPerFlow} ms per flow against Better Auth's ${peerEmail.cpuMsPerFlow}; verify p99 ${email.verifyMs.p99} against ${peerEmail.verifyMs.p99} ms`)
      }
      if (session && peerSession) lines.push(`  ${verdict(rate(session) >= rate(peerSession))}  session as JSON, c10: ${rate(session)} requests/s against Better Auth's get-session ${rate(peerSession)}`)
      lines.push(`  ${verdict(configuration.coldStartMs <= peer.coldStartMs)}  cold start ${configuration.coldStartMs} ms against Better Auth's ${peer.coldStartMs} ms`)
      lines.push(`  info  Better Auth: idle RSS after warm-up ${peer.idleRssMb} MB, peak ${peer.peakRssMb} MB`)
    }
  }
  for (const database of new Set(configurations.map((configuration) => configuration.database))) {
    const [small, large] = configurations.filter((configuration) => configuration.database === database).sort((a, b) => a.users - b.users)
    if (!small || !large || small === large) continue
    for (const flow of ['email-code', 'magic-link', 'passkey'] as Flow[]) {
      const a = find(small, flow, 10)?.cpuMsPerFlow
      const b = find(large, flow, 10)?.cpuMsPerFlow
      if (!a || b === undefined) continue
      const growth = Math.round(((b - a) / a) * 1000) / 10
      lines.push(`  ${verdict(growth <= BUDGETS.growthPercent)}  ${database}: ${flow} CPU per flow at ${large.users.toLocaleString('en')} vs ${small.users.toLocaleString('en')} users: ${growth > 0 ? '+' : ''}${growth}% (budget ${BUDGETS.growthPercent}%)`)
    }
  }
  return lines
}

function markdown(configurations: Configuration[], summary: string[], date: string): string {
  const rows = configurations.flatMap((configuration) =>
    [...configuration.runs, ...(configuration.peer?.runs ?? [])].map(
      (run) =>
        `| ${configuration.database} | ${configuration.users.toLocaleString('en')} | ${run.flow} | ${run.concurrency} | ${(run.flows / run.seconds).toFixed(1)} | ${run.flowMs.p50} | ${run.flowMs.p95} | ${run.flowMs.p99} | ${run.verifyMs.p99} | ${run.errors} | ${run.cpuMsPerFlow} | ${run.rssMb} |`,
    ),
  )
  return [
    `# Load benchmark, ${date}`,
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}; server ${twoCores ? 'pinned to core 0, load to core 1' : 'and load sharing the only core'}; ${SECONDS} s per run; ${EVENTS.toLocaleString('en')} audit events.`,
    'Flows: email code and magic link (request, read the email from the demo mailbox table, verify), passkey (options, software ES256 authenticator, verify), session check as the /account page and as /api/session (autocannon; its p90 stands in the p95 column). peer-* flows: Better Auth 1.7 email OTP (send, read the OTP from its mailbox table, sign in) and get-session, on the same Next.js and the same kind of database with the same accounts (bench/peers/better-auth).',
    'Every sign-in here is from a browser new to the account, so each also sends the new-sign-in notice after the response.',
    '',
    '## Against the budgets',
    '',
    '```',
    ...summary,
    '```',
    '',
    '## Every run',
    '',
    '| database | users | flow | concurrency | flows/s | p50 ms | p95 ms | p99 ms | last step p99 ms | errors | server CPU ms/flow | RSS MB after |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...configurations.flatMap((configuration) =>
      configuration.profile
        ? [
            `## Where the server's CPU time went: ${configuration.database}, ${configuration.users.toLocaleString('en')} users (${configuration.profile.total} ms sampled, self time by package)`,
            '',
            '| package | ms | share |',
            '| --- | --- | --- |',
            ...configuration.profile.rows.map(([bucket, ms, share]) => `| ${bucket} | ${ms} | ${share}% |`),
            '',
            'The functions with the most self time:',
            '',
            '| function | ms | share |',
            '| --- | --- | --- |',
            ...configuration.profile.functions.map(([name, ms, share]) => `| ${name.replaceAll('|', '\\|')} | ${ms} | ${share}% |`),
            '',
          ]
        : [],
    ),
    `Not measured yet: statements per HTTP request and the post-GC heap.${PEER ? '' : ' The Better Auth peer was skipped (BENCH_LOAD_PEER=0).'}`,
    '',
  ].join('\n')
}

try {
  if (!existsSync(path.resolve('.next', 'portal-server.mjs'))) run(['npm', 'run', 'build'], { ...process.env, NODE_OPTIONS: '', NEXT_TELEMETRY_DISABLED: '1' })
  if (PEER) preparePeer()
  const configurations: Configuration[] = []
  for (const users of SIZES) {
    const configuration = await measure('SQLite', `file:${path.join(scratch, `load-${users}.db`)}`, users)
    if (PEER) configuration.peer = await measurePeer('SQLite', `file:${path.join(scratch, `peer-${users}.db`)}`, users, setupFileFor('SQLite', users))
    configurations.push(configuration)
  }
  const postgres = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_DATABASE_URL
  if (postgres) {
    const { default: pg } = await import('pg')
    for (const users of SIZES) {
      const database = `portal_load_${process.pid}_${users}`
      const peerDatabase = `peer_load_${process.pid}_${users}`
      const admin = new pg.Client({ connectionString: postgres })
      await admin.connect()
      await admin.query(`CREATE DATABASE ${database}`)
      await admin.query(`CREATE DATABASE ${peerDatabase}`)
      const urlOf = (name: string) => {
        const url = new URL(postgres)
        url.pathname = `/${name}`
        return url.toString()
      }
      try {
        const configuration = await measure('PostgreSQL', urlOf(database), users)
        if (PEER) configuration.peer = await measurePeer('PostgreSQL', urlOf(peerDatabase), users, setupFileFor('PostgreSQL', users))
        configurations.push(configuration)
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
        await admin.query(`DROP DATABASE IF EXISTS ${peerDatabase} WITH (FORCE)`)
        await admin.end()
      }
    }
  } else {
    console.log('\n(PostgreSQL skipped: set BENCH_POSTGRES_URL to include it)')
  }
  const summary = summarise(configurations)
  console.log(`\nAgainst the budgets\n${summary.join('\n')}`)
  const date = new Date().toISOString().slice(0, 10)
  // A run with a profile or only some flows gets a name of its own, so it never replaces a full run's results.
  const name = `${date}${PROFILE ? '-profile' : ''}${process.env.BENCH_LOAD_FLOWS ? '-partial' : ''}`
  mkdirSync(path.resolve('bench', 'results'), { recursive: true })
  writeFileSync(path.resolve('bench', 'results', `${name}.json`), `${JSON.stringify({ date, seconds: SECONDS, events: EVENTS, configurations }, null, 2)}\n`)
  writeFileSync(path.resolve('bench', 'results', `${name}.md`), markdown(configurations, summary, date))
  console.log(`\nWrote bench/results/${name}.md and .json`)
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
