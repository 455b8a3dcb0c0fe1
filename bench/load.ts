import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import type { ProbeAnswer, ProbeRequest } from '../scripts/bench-probe'
import type { Flow, Options as DriverOptions, RunResult } from './load-driver'
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
 * budgets. Settings: BENCH_LOAD_USERS (1000,100000), BENCH_LOAD_SECONDS (5),
 * BENCH_LOAD_PORT (3400; the peer uses the next port), BENCH_EVENTS (1000000),
 * BENCH_LOAD_FLOWS (all, comma-separated), BENCH_LOAD_PROFILE (0: skip the
 * profiles), BENCH_LOAD_PEER (0: skip Better Auth),
 * BENCH_LOAD_SOAK (10000: flows for the heap soak, 0 to skip),
 * BENCH_LOAD_SOAK_FLOW (passkey; email-code takes some 7 minutes more),
 * BENCH_LOAD_SNAPSHOTS (a folder: heap snapshots before and after the soak). The
 * Better Auth peer (bench/peers/better-auth) is installed and built on first
 * use; it is not a dependency of the portal.
 *
 * The portal's server answers a probe over the IPC channel
 * (scripts/bench-probe.ts): the heap after a full collection, and,
 * in a separate short pass with Prisma's query events on (so they cost the
 * timed runs nothing), the SQL statements each flow sends, page render and
 * work after the response included. The heap soak runs on the largest
 * SQLite configuration (enough accounts that no address meets its own rate
 * limit): post-GC heap after 1,000 and after BENCH_LOAD_SOAK flows.
 */

const FLOWS = (process.env.BENCH_LOAD_FLOWS?.split(',') ?? ['email-code', 'magic-link', 'passkey', 'session-page', 'session-json']) as Flow[]
/**
 * Where the server's time goes, so each missed budget comes with its profile:
 * on the first configuration, after the timed runs (which the profiler would
 * slow down), the warm server is profiled through the probe while each
 * sign-in flow runs at concurrency 10. BENCH_LOAD_PROFILE=0 skips it.
 */
const PROFILE = process.env.BENCH_LOAD_PROFILE !== '0'
const PROFILED_FLOWS: Flow[] = ['email-code', 'passkey']
const CONCURRENCY = [1, 10, 50]
const SIZES = (process.env.BENCH_LOAD_USERS ?? '1000,100000').split(',').map(Number)
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 5)
const PORT = Number(process.env.BENCH_LOAD_PORT ?? 3400)
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000)
const BASE = `http://localhost:${PORT}`
/** The Better Auth email-OTP peer (bench/peers/better-auth), measured in the same run unless BENCH_LOAD_PEER=0. */
const PEER = process.env.BENCH_LOAD_PEER !== '0'
const PEER_DIR = path.resolve('bench', 'peers', 'better-auth')
const PEER_BASE = `http://localhost:${PORT + 1}`
const PEER_FLOWS: Flow[] = ['peer-email-code', 'peer-session-json']
const AUTH_SECRET = 'load-benchmark-secret-that-is-long-enough-for-validation'
const SOAK_FLOWS = Number(process.env.BENCH_LOAD_SOAK ?? 10_000)
const SOAK_FLOW = (process.env.BENCH_LOAD_SOAK_FLOW ?? 'passkey') as Flow
/** BENCH_LOAD_SNAPSHOTS=<folder>: heap snapshots of the server before the soak, after its first 1,000 flows and at the end, for Chrome's DevTools. */
const SNAPSHOTS = process.env.BENCH_LOAD_SNAPSHOTS
const BUDGETS = {
  emailVerifyP99Ms: 100,
  emailCpuMsPerFlow: 15,
  passkeyFlowsPerSecond: 200,
  passkeyVerifyP99Ms: 50,
  growthPercent: 10,
  idleRssMb: 120,
  peakRssMb: 350,
  soakHeapGrowthMb: 20,
}
/** HTTP requests in one flow: email code and magic link post two actions, passkey two JSON routes, a session check is one request. */
const REQUESTS_PER_FLOW: Record<Flow, number> = {
  'email-code': 2,
  'magic-link': 2,
  passkey: 2,
  'session-page': 1,
  'session-json': 1,
  'peer-email-code': 2,
  'peer-session-json': 1,
}

const twoCores = availableParallelism() >= 2
const pinned = (core: number, command: string[]) =>
  twoCores && existsSync('/usr/bin/taskset') ? ['/usr/bin/taskset', '-c', String(core), ...command] : command
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
type Heap = { heapUsedMb: number; rssMb: number; externalMb: number; spacesMb: Record<string, number> }
/** SQL statements per flow and per HTTP request, from the pass with query events on. */
type Statements = { flow: Flow; flows: number; perFlow: number; perRequest: number }
/** Post-GC heap after the first 1,000 soak flows and after all of them. */
type Soak = { flow: Flow; first: { flows: number; heap: Heap }; last: { flows: number; heap: Heap }; errors: number; seconds: number }
type ServerFigures = {
  coldStartMs: number
  idleRssMb: number
  peakRssMb: number
  runs: Measured[]
  idleHeap?: Heap
  heapAfterRuns?: Heap
  soak?: Soak
  profiles?: FlowProfile[]
}
type FlowProfile = { flow: Flow; flows: number; profile: ProfileSummary }
type Configuration = ServerFigures & {
  database: string
  users: number
  statements?: Statements[]
  peer?: ServerFigures
}
type Drive = (flow: Flow, concurrency: number, seconds: number, flowLimit?: number) => Promise<RunResult>

/** The load driver (bench/load-driver.ts), one process for the whole bench on the load core: a JSON line in, a JSON line out per run. */
class LoadDriver {
  private readonly child: ChildProcess
  private readonly lines: AsyncIterator<string>

  constructor() {
    const [command, ...args] = pinned(1, node('bench/load-driver.ts'))
    this.child = spawn(command!, args, {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AUTH_SECRET, NODE_ENV: 'test' },
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    this.lines = createInterface({ input: this.child.stdout! })[Symbol.asyncIterator]()
  }

  async run(options: DriverOptions): Promise<RunResult> {
    this.child.stdin!.write(`${JSON.stringify(options)}\n`)
    for (;;) {
      const { value, done } = await this.lines.next()
      if (done) throw new Error('the load driver exited')
      if (value.startsWith('{')) return JSON.parse(value) as RunResult
    }
  }

  close() {
    this.child.stdin!.end()
  }
}

let loadDriver: LoadDriver | undefined

/**
 * A driver for one configuration's database: each run takes accounts from
 * where the last one stopped, so no address or client meets its rate limits.
 */
function driverFor(base: string, driverInput: { setupFile: string; databaseUrl: string }, cursor: { userOffset: number }): Drive {
  return async (flow, concurrency, seconds, flowLimit) => {
    loadDriver ??= new LoadDriver()
    const result = await loadDriver.run({ base, flow, concurrency, seconds, flowLimit, userOffset: cursor.userOffset, ...driverInput })
    cursor.userOffset += result.flows + result.errors + concurrency
    return result
  }
}

/** Asks the portal's server a question over its IPC channel (scripts/bench-probe.ts). */
function ask<T extends ProbeRequest['type']>(server: ChildProcess, request: Extract<ProbeRequest, { type: T }>): Promise<Extract<ProbeAnswer, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (answer: ProbeAnswer) => {
      if (answer.type !== request.type) return
      server.off('message', onMessage)
      resolve(answer as Extract<ProbeAnswer, { type: T }>)
    }
    server.on('message', onMessage)
    server.send(request, (error) => error && reject(error))
  })
}

async function heapOf(server: ChildProcess): Promise<Heap> {
  const { heapUsedMb, rssMb, externalMb, spacesMb } = await ask(server, { type: 'heap' })
  return { heapUsedMb, rssMb, externalMb, spacesMb }
}

async function stop(server: ChildProcess) {
  if (server.exitCode !== null) return
  server.kill('SIGTERM')
  await new Promise((resolve) => server.once('exit', resolve))
}

/**
 * Measures one started server: cold start, a warm-up of every flow, idle
 * memory, then each flow at each concurrency from the driver on the other
 * core, with the server's CPU time per flow; with `probe`, the post-GC heap
 * after the warm-up and after the runs, with `soak` the heap soak, and with
 * `profile` CPU profiles after everything timed.
 * Stops the server at the end.
 */
async function measureServer(
  server: ChildProcess,
  base: string,
  flows: Flow[],
  drive: Drive,
  options: { probe: boolean; soak: boolean; profile?: (server: ChildProcess) => Promise<FlowProfile[]> },
): Promise<ServerFigures> {
  try {
    const coldStartMs = await waitForServer(server, base)
    // Warm the server's code paths once, then let it settle before reading idle memory.
    for (const flow of flows) await drive(flow, 2, 2)
    await new Promise((resolve) => setTimeout(resolve, 3000))
    const idleRssMb = procMemoryMb(server.pid!).rss
    const idleHeap = options.probe ? await heapOf(server) : undefined
    const runs: Measured[] = []
    for (const flow of flows) {
      for (const concurrency of CONCURRENCY) {
        const before = procCpuMs(server.pid!)
        const result = await drive(flow, concurrency, SECONDS)
        const cpuMsPerFlow = result.flows ? Math.round(((procCpuMs(server.pid!) - before) / result.flows) * 10) / 10 : 0
        runs.push({ ...result, cpuMsPerFlow, rssMb: procMemoryMb(server.pid!).rss })
        console.log(
          `  ${flow.padEnd(17)} c${String(concurrency).padEnd(3)} ${(result.flows / result.seconds).toFixed(1).padStart(7)}/s  p50 ${result.flowMs.p50} ms  p99 ${result.flowMs.p99} ms  (last step p99 ${result.verifyMs.p99} ms)  CPU ${cpuMsPerFlow} ms/flow  errors ${result.errors}${result.firstError ? ` (${result.firstError})` : ''}`,
        )
      }
    }
    const peakRssMb = procMemoryMb(server.pid!).peak
    const heapAfterRuns = options.probe ? await heapOf(server) : undefined
    const soak = options.soak ? await soakHeap(server, drive) : undefined
    const profiles = options.profile ? await options.profile(server) : undefined
    return { coldStartMs, idleRssMb, peakRssMb, runs, idleHeap, heapAfterRuns, soak, profiles }
  } finally {
    await stop(server)
  }
}

/** The heap soak: SOAK_FLOW at concurrency 10, post-GC heap after the first 1,000 flows and after SOAK_FLOWS. */
async function soakHeap(server: ChildProcess, drive: Drive): Promise<Soak> {
  const flow = SOAK_FLOW
  const snapshot = async (name: string) => {
    if (!SNAPSHOTS) return
    mkdirSync(path.resolve(SNAPSHOTS), { recursive: true })
    console.log(`  heap snapshot: ${(await ask(server, { type: 'snapshot', file: path.resolve(SNAPSHOTS, name) })).file}`)
  }
  await snapshot('soak-0.heapsnapshot')
  const firstRun = await drive(flow, 10, 3600, 1000)
  const first = { flows: firstRun.flows, heap: await heapOf(server) }
  await snapshot(`soak-${first.flows}.heapsnapshot`)
  const rest = await drive(flow, 10, 3600, Math.max(SOAK_FLOWS - firstRun.flows, 0))
  const last = { flows: firstRun.flows + rest.flows, heap: await heapOf(server) }
  await snapshot(`soak-${last.flows}.heapsnapshot`)
  console.log(`  heap soak: ${first.heap.heapUsedMb} MB after ${first.flows} flows, ${last.heap.heapUsedMb} MB after ${last.flows}`)
  return { flow, first, last, errors: firstRun.errors + rest.errors, seconds: Math.round(firstRun.seconds + rest.seconds) }
}

const portalEnv = (databaseUrl: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  AUTH_SECRET,
  DATABASE_URL: databaseUrl,
  NEXT_TELEMETRY_DISABLED: '1',
  NODE_ENV: 'production',
  DEMO_MODE: '1',
  HOST: '127.0.0.1',
  PORT: String(PORT),
  APP_URL: BASE,
  TRUSTED_PROXY_HOPS: '1',
  SIGNUP_POLICY: 'open',
  PORTAL_BENCH_PROBE: '1',
})

/** Starts the portal's production server on core 0 with the probe's IPC channel. */
function startPortal(env: NodeJS.ProcessEnv, nodeFlags: string[] = []): ChildProcess {
  const [command, ...args] = pinned(0, [process.execPath, '--expose-gc', ...nodeFlags, '.next/portal-server.mjs'])
  return spawn(command!, args, { env, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] })
}

/**
 * The statements pass: a fresh server with Prisma's query events on, each
 * flow at concurrency 1 for two seconds, statements counted by the server
 * (work after the response included: the pass waits for it to finish).
 */
async function countStatementsPerFlow(databaseUrl: string, drive: Drive): Promise<Statements[]> {
  const server = startPortal({ ...portalEnv(databaseUrl), PRISMA_QUERY_EVENTS: '1' })
  try {
    await waitForServer(server)
    const counts: Statements[] = []
    for (const flow of FLOWS) {
      const before = (await ask(server, { type: 'statements' })).count
      const result = await drive(flow, 1, 2)
      await new Promise((resolve) => setTimeout(resolve, 500))
      const statements = (await ask(server, { type: 'statements' })).count - before
      const perFlow = result.flows ? Math.round((statements / result.flows) * 10) / 10 : 0
      counts.push({ flow, flows: result.flows, perFlow, perRequest: Math.round((perFlow / REQUESTS_PER_FLOW[flow]) * 10) / 10 })
    }
    console.log(`  statements per flow: ${counts.map(({ flow, perFlow }) => `${flow} ${perFlow}`).join(', ')}`)
    return counts
  } finally {
    await stop(server)
  }
}

async function measure(label: string, databaseUrl: string, users: number, soak: boolean, profile: boolean): Promise<Configuration> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AUTH_SECRET, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: '1' }
  console.log(`\n▸ ${label}, ${users.toLocaleString('en')} users, ${EVENTS.toLocaleString('en')} events: migrating and seeding`)
  run([process.execPath, '--import', 'tsx', 'prisma/tool/cli.ts', 'migrate'], { ...env, NODE_ENV: 'test' })
  const setupFile = setupFileFor(label, users)
  const seeding = performance.now()
  run(node('bench/load-setup.ts', '--import', './scripts/register.mjs').concat(setupFile), {
    ...env,
    NODE_ENV: 'test',
    BENCH_USERS: String(users),
    BENCH_EVENTS: String(EVENTS),
  })
  console.log(`  migrated and seeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s`)

  const drive = driverFor(BASE, { setupFile, databaseUrl }, { userOffset: 0 })
  const server = startPortal(portalEnv(databaseUrl))
  const figures = await measureServer(server, BASE, FLOWS, drive, {
    probe: true,
    soak,
    profile: profile ? (started) => profileFlows(started, label, users, drive) : undefined,
  })
  const statements = await countStatementsPerFlow(databaseUrl, drive)
  return { database: label, users, ...figures, statements }
}

/** Profiles of the warm server (through the probe), one per sign-in flow driven at concurrency 10, apart from the timed runs. */
async function profileFlows(server: ChildProcess, label: string, users: number, drive: Drive): Promise<FlowProfile[]> {
  const profiles: FlowProfile[] = []
  for (const flow of PROFILED_FLOWS.filter((flow) => FLOWS.includes(flow))) {
    await ask(server, { type: 'profile-start' })
    const { flows } = await drive(flow, 10, SECONDS)
    const { file } = await ask(server, { type: 'profile-stop', file: path.join(scratch, `${label}-${users}-${flow}.cpuprofile`) })
    profiles.push({ flow, flows, profile: summariseProfile(file) })
  }
  return profiles
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
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATABASE_URL: databaseUrl,
    BETTER_AUTH_SECRET: AUTH_SECRET,
    APP_URL: PEER_BASE,
    NEXT_TELEMETRY_DISABLED: '1',
  }
  console.log(`  Better Auth (email OTP) on ${label}, ${users.toLocaleString('en')} users`)
  const migrated = spawnSync(process.execPath, ['migrate.mjs'], {
    cwd: PEER_DIR,
    env: { ...env, NODE_ENV: 'production', BENCH_USERS: String(users) },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (migrated.status !== 0) throw new Error('migrating the Better Auth peer failed')
  const [command, ...args] = pinned(0, [process.execPath, 'node_modules/next/dist/bin/next', 'start', '-p', String(PORT + 1)])
  const server = spawn(command!, args, { cwd: PEER_DIR, env: { ...env, NODE_ENV: 'production' }, stdio: 'ignore' })
  return measureServer(server, PEER_BASE, PEER_FLOWS, driverFor(PEER_BASE, { setupFile, databaseUrl }, { userOffset: 0 }), { probe: false, soak: false })
}

function verdict(ok: boolean) {
  return ok ? 'ok  ' : 'MISS'
}

function summarise(configurations: Configuration[]): string[] {
  const lines: string[] = []
  const find = (configuration: Configuration, flow: Flow, concurrency: number) =>
    configuration.runs.find((run) => run.flow === flow && run.concurrency === concurrency)
  const rate = (run: RunResult) => Math.round((run.flows / run.seconds) * 10) / 10
  for (const configuration of configurations) {
    const email = find(configuration, 'email-code', 10)
    const passkey = find(configuration, 'passkey', 10)
    lines.push(`${configuration.database}, ${configuration.users.toLocaleString('en')} users`)
    if (email) {
      lines.push(
        `  ${verdict(email.verifyMs.p99 <= BUDGETS.emailVerifyP99Ms)}  email code, c10: verify p99 ${email.verifyMs.p99} ms (budget ${BUDGETS.emailVerifyP99Ms}); ${rate(email)} flows/s`,
      )
      lines.push(
        `  ${verdict(email.cpuMsPerFlow <= BUDGETS.emailCpuMsPerFlow)}  email code, c10: server CPU ${email.cpuMsPerFlow} ms per flow (budget ${BUDGETS.emailCpuMsPerFlow})`,
      )
    }
    if (passkey) {
      lines.push(
        `  ${verdict(rate(passkey) >= BUDGETS.passkeyFlowsPerSecond)}  passkey, c10: ${rate(passkey)} flows/s (budget ≥ ${BUDGETS.passkeyFlowsPerSecond})`,
      )
      lines.push(
        `  ${verdict(passkey.verifyMs.p99 <= BUDGETS.passkeyVerifyP99Ms)}  passkey, c10: verify p99 ${passkey.verifyMs.p99} ms (budget ${BUDGETS.passkeyVerifyP99Ms})`,
      )
    }
    lines.push(`  ${verdict(configuration.idleRssMb <= BUDGETS.idleRssMb)}  idle RSS after warm-up ${configuration.idleRssMb} MB (budget ${BUDGETS.idleRssMb})`)
    lines.push(`  ${verdict(configuration.peakRssMb <= BUDGETS.peakRssMb)}  peak RSS ${configuration.peakRssMb} MB (budget ${BUDGETS.peakRssMb})`)
    lines.push(`  info  cold start to the first /sign-in: ${configuration.coldStartMs} ms`)
    if (configuration.idleHeap && configuration.heapAfterRuns) {
      lines.push(
        `  info  post-GC heap: ${configuration.idleHeap.heapUsedMb} MB after the warm-up, ${configuration.heapAfterRuns.heapUsedMb} MB after every run`,
      )
    }
    const soak = configuration.soak
    if (soak) {
      const growth = Math.round((soak.last.heap.heapUsedMb - soak.first.heap.heapUsedMb) * 10) / 10
      lines.push(
        `  ${verdict(growth <= BUDGETS.soakHeapGrowthMb && soak.last.flows >= SOAK_FLOWS)}  post-GC heap after ${soak.last.flows.toLocaleString('en')} ${soak.flow} flows ${soak.last.heap.heapUsedMb} MB, after ${soak.first.flows.toLocaleString('en')} ${soak.first.heap.heapUsedMb} MB: ${growth >= 0 ? '+' : ''}${growth} MB (budget ${BUDGETS.soakHeapGrowthMb}; ${soak.errors} errors)`,
      )
    }
    const sessionStatements = configuration.statements?.find((count) => count.flow === 'session-json')
    if (sessionStatements)
      lines.push(`  ${verdict(sessionStatements.perRequest <= 1)}  session as JSON: ${sessionStatements.perRequest} SQL statements per request (budget 1)`)
    if (configuration.statements) {
      lines.push(
        `  info  SQL statements per flow (per HTTP request): ${configuration.statements.map(({ flow, perFlow, perRequest }) => `${flow} ${perFlow} (${perRequest})`).join(', ')}`,
      )
    }
    const peer = configuration.peer
    if (peer) {
      const peerEmail = peer.runs.find((run) => run.flow === 'peer-email-code' && run.concurrency === 10)
      const peerSession = peer.runs.find((run) => run.flow === 'peer-session-json' && run.concurrency === 10)
      const session = find(configuration, 'session-json', 10)
      if (email && peerEmail) {
        lines.push(
          `  ${verdict(rate(email) >= rate(peerEmail))}  email code, c10: ${rate(email)} flows/s against Better Auth's ${rate(peerEmail)} (×${(rate(email) / rate(peerEmail)).toFixed(2)})`,
        )
        lines.push(
          `  info  email code, c10: server CPU ${email.cpuMsPerFlow} ms per flow against Better Auth's ${peerEmail.cpuMsPerFlow}; verify p99 ${email.verifyMs.p99} against ${peerEmail.verifyMs.p99} ms`,
        )
      }
      if (session && peerSession)
        lines.push(
          `  ${verdict(rate(session) >= rate(peerSession))}  session as JSON, c10: ${rate(session)} requests/s against Better Auth's get-session ${rate(peerSession)}`,
        )
      lines.push(
        `  ${verdict(configuration.coldStartMs <= peer.coldStartMs)}  cold start ${configuration.coldStartMs} ms against Better Auth's ${peer.coldStartMs} ms`,
      )
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
      lines.push(
        `  ${verdict(growth <= BUDGETS.growthPercent)}  ${database}: ${flow} CPU per flow at ${large.users.toLocaleString('en')} vs ${small.users.toLocaleString('en')} users: ${growth > 0 ? '+' : ''}${growth}% (budget ${BUDGETS.growthPercent}%)`,
      )
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
      (configuration.profiles ?? []).flatMap(({ flow, flows, profile }) => [
        `## Where the server's CPU time went: ${flow}, ${configuration.database}, ${configuration.users.toLocaleString('en')} users`,
        '',
        `The warm server, profiled after the timed runs while ${flows} flows ran at concurrency 10: ${profile.total} ms of CPU sampled (${Math.round((profile.total / Math.max(flows, 1)) * 10) / 10} ms per flow, profiler included), self time.`,
        '',
        '| package | ms | share |',
        '| --- | --- | --- |',
        ...profile.rows.map(([bucket, ms, share]) => `| ${bucket} | ${ms} | ${share}% |`),
        '',
        "Node.js's own modules, which the package view lumps together:",
        '',
        '| module | ms | share |',
        '| --- | --- | --- |',
        ...profile.internals.map(([module, ms, share]) => `| ${module} | ${ms} | ${share}% |`),
        '',
        'The functions with the most self time:',
        '',
        '| function | ms | share |',
        '| --- | --- | --- |',
        ...profile.functions.map(([name, ms, share]) => `| ${name.replaceAll('|', '\\|')} | ${ms} | ${share}% |`),
        '',
      ]),
    ),
    '## SQL statements per flow',
    '',
    'Counted by the server (Prisma query events, in a separate pass at concurrency 1), the whole of each HTTP request: page or action render and the work after the response (emails, notices) included.',
    '',
    '| database | users | flow | flows counted | statements per flow | per HTTP request |',
    '| --- | --- | --- | --- | --- | --- |',
    ...configurations.flatMap((configuration) =>
      (configuration.statements ?? []).map(
        (count) =>
          `| ${configuration.database} | ${configuration.users.toLocaleString('en')} | ${count.flow} | ${count.flows} | ${count.perFlow} | ${count.perRequest} |`,
      ),
    ),
    '',
    ...(PEER ? [] : ['The Better Auth peer was skipped (BENCH_LOAD_PEER=0).', '']),
    'Where the budgets are missed and why: [docs/performance.md](../../docs/performance.md).',
    '',
  ].join('\n')
}

const benchStarted = performance.now()
try {
  if (!existsSync(path.resolve('.next', 'portal-server.mjs'))) run(['npm', 'run', 'build'], { ...process.env, NODE_OPTIONS: '', NEXT_TELEMETRY_DISABLED: '1' })
  if (PEER) preparePeer()
  const configurations: Configuration[] = []
  for (const users of SIZES) {
    const configuration = await measure(
      'SQLite',
      `file:${path.join(scratch, `load-${users}.db`)}`,
      users,
      SOAK_FLOWS > 0 && users === Math.max(...SIZES),
      PROFILE && users === SIZES[0],
    )
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
        const configuration = await measure('PostgreSQL', urlOf(database), users, false, false)
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
  // A run of only some flows gets a name of its own, so it never replaces a full run's results.
  const name = `${date}${process.env.BENCH_LOAD_FLOWS ? '-partial' : ''}`
  mkdirSync(path.resolve('bench', 'results'), { recursive: true })
  writeFileSync(path.resolve('bench', 'results', `${name}.json`), `${JSON.stringify({ date, seconds: SECONDS, events: EVENTS, configurations }, null, 2)}\n`)
  writeFileSync(path.resolve('bench', 'results', `${name}.md`), markdown(configurations, summary, date))
  console.log(`\nWrote bench/results/${name}.md and .json after ${((performance.now() - benchStarted) / 60_000).toFixed(1)} minutes`)
} finally {
  loadDriver?.close()
  rmSync(scratch, { recursive: true, force: true })
}
