import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Flow } from './load-driver'
import { markdown } from './load-markdown'
import { summarise, type Backlog, type Configuration } from './load-report'
import {
  AUTH_SECRET,
  CONCURRENCY,
  closeLoadDriver,
  countStatementsPerFlow,
  driverFor,
  measureServer,
  node,
  pinned,
  portalEnv,
  run,
  soakHeap,
  startPortal,
  ask,
  type Drive,
  type FlowProfile,
  type Plan,
  type ServerFigures,
} from './load-server'
import { pollHealth, unsealedRows } from './load-backlog'
import { prepareNode24 } from './load-node'
import { summariseProfile } from './profile-summary'

/**
 * `npm run bench:load`: what users wait for, measured over HTTP against the
 * production build. For each database (SQLite, and PostgreSQL when
 * BENCH_POSTGRES_URL or TEST_DATABASE_URL is set) and size (1,000 and 100,000
 * users, with 1,000,000 audit events, sealed as a long-running installation
 * has them), it starts the portal's server pinned to one core and drives
 * flows from a separate process pinned to the other (bench/load-driver.ts),
 * reading the server's CPU time and memory from /proc (bench/load-server.ts):
 *   - at 1,000 users, every flow at concurrency 1, 10 and 50: email code,
 *     magic link, passkey, the session check as a page and as JSON, and the
 *     email and passkey journeys (sign-in page, sign-in, signed-in page; four
 *     in five from a browser that signed in before); the SQL statements of
 *     each flow; CPU profiles of the sign-ins (SQLite);
 *   - at 100,000 users, the sign-ins, journeys and session check at
 *     concurrency 10 (growth per flow against 1,000), and the heap soak (SQLite);
 *   - SQLite, 1,000 users, during a sealing backlog of every event: the
 *     journeys at concurrency 10 while the sealer catches up, /healthz polled
 *     throughout;
 *   - SQLite, 1,000 users: the same build on Node.js 24 (bench/load-node.ts)
 *     beside this one, at concurrency 10 and the journeys at 50.
 * Better Auth's email OTP (bench/peers/better-auth, installed and built on
 * first use, not a dependency of the portal) walks the same flows and
 * journey on the same kind of database. Rate limits stay as in production:
 * flows use different accounts and, through TRUSTED_PROXY_HOPS, different
 * client addresses. Writes bench/results/<date>.md and .json and prints
 * figures against the budgets (bench/load-report.ts).
 * Settings: BENCH_LOAD_USERS (1000,100000), BENCH_LOAD_SECONDS (4),
 * BENCH_LOAD_PORT (3400; the peer uses the next port), BENCH_EVENTS (1000000),
 * BENCH_LOAD_FLOWS (all, comma-separated), BENCH_LOAD_PROFILE (0: skip the
 * profiles), BENCH_LOAD_PEER (0: skip Better Auth), BENCH_LOAD_BACKLOG (0: skip
 * the backlog run), BENCH_LOAD_NODE24 (0: skip Node.js 24), BENCH_LOAD_SOAK (10000: flows for the heap soak, 0
 * to skip), BENCH_LOAD_SOAK_FLOW (passkey), BENCH_LOAD_SNAPSHOTS (a folder:
 * heap snapshots before and after the soak).
 */

const JOURNEYS: Flow[] = ['email-journey', 'passkey-journey']
const FLOWS = (process.env.BENCH_LOAD_FLOWS?.split(',') ?? ['email-code', 'magic-link', 'passkey', 'session-page', 'session-json', ...JOURNEYS]) as Flow[]
const PROFILE = process.env.BENCH_LOAD_PROFILE !== '0'
const PROFILED_FLOWS: Flow[] = ['email-code', 'passkey']
const SIZES = (process.env.BENCH_LOAD_USERS ?? '1000,100000').split(',').map(Number)
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 4)
const PORT = Number(process.env.BENCH_LOAD_PORT ?? 3400)
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000)
const BASE = `http://localhost:${PORT}`
const PEER = process.env.BENCH_LOAD_PEER !== '0'
const PEER_DIR = path.resolve('bench', 'peers', 'better-auth')
const PEER_BASE = `http://localhost:${PORT + 1}`
const BACKLOG = process.env.BENCH_LOAD_BACKLOG !== '0'
const NODE24 = process.env.BENCH_LOAD_NODE24 !== '0'
const SOAK_FLOWS = Number(process.env.BENCH_LOAD_SOAK ?? 10_000)
const SOAK_FLOW = (process.env.BENCH_LOAD_SOAK_FLOW ?? 'passkey') as Flow
const SNAPSHOTS = process.env.BENCH_LOAD_SNAPSHOTS
const scratch = mkdtempSync(path.join(tmpdir(), 'portal-load-'))

const only = (flows: Flow[]) => flows.filter((flow) => FLOWS.includes(flow) || flow.startsWith('peer-'))
/** Every flow at every concurrency: the first size of each database. */
const fullPlan = (flows: Flow[]): Plan => only(flows).map((flow) => ({ flow, concurrency: CONCURRENCY }))
/** Concurrency 10 only: the larger sizes (growth against the first) and the other Node.js. */
const tenPlan = (flows: Flow[]): Plan => only(flows).map((flow) => ({ flow, concurrency: [10] }))
const SIZE_FLOWS: Flow[] = ['email-code', 'passkey', 'session-json', ...JOURNEYS]
const PEER_FLOWS: Flow[] = ['peer-email-code', 'peer-session-json', 'peer-email-journey']
const setupFileFor = (label: string, users: number) => path.join(scratch, `setup-${label}-${users}.json`)
const baseEnv = (databaseUrl: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  AUTH_SECRET,
  DATABASE_URL: databaseUrl,
  NEXT_TELEMETRY_DISABLED: '1',
  NODE_ENV: 'test',
})

/** Migrates and seeds a database (bench/load-setup.ts), sealed unless `unsealed`. */
function seed(label: string, databaseUrl: string, users: number, unsealed = false) {
  console.log(`\n▸ ${label}, ${users.toLocaleString('en')} users, ${EVENTS.toLocaleString('en')} events: migrating and seeding`)
  const started = performance.now()
  run([process.execPath, '--import', 'tsx', 'prisma/tool/cli.ts', 'migrate'], baseEnv(databaseUrl))
  run(node('bench/load-setup.ts', '--import', './scripts/register.mjs').concat(setupFileFor(label, users)), {
    ...baseEnv(databaseUrl),
    BENCH_USERS: String(users),
    BENCH_EVENTS: String(EVENTS),
    ...(unsealed ? { BENCH_UNSEALED: '1' } : {}),
  })
  console.log(`  migrated and seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`)
}

/** Profiles of the warm server (through the probe), one per sign-in flow driven at concurrency 10, apart from the timed runs. */
async function profileFlows(server: ReturnType<typeof startPortal>, label: string, users: number, drive: Drive): Promise<FlowProfile[]> {
  const profiles: FlowProfile[] = []
  for (const flow of PROFILED_FLOWS.filter((flow) => FLOWS.includes(flow))) {
    await ask(server, { type: 'profile-start' })
    const { flows } = await drive(flow, 10, SECONDS)
    const { file } = await ask(server, { type: 'profile-stop', file: path.join(scratch, `${label}-${users}-${flow}.cpuprofile`) })
    profiles.push({ flow, flows, profile: summariseProfile(file) })
  }
  return profiles
}

/** One database and size: the timed runs, then (first size only) the statements pass, and the peer. */
async function measure(
  label: string,
  databaseUrl: string,
  users: number,
  options: { first: boolean; soak: boolean; profile: boolean },
): Promise<Configuration> {
  const drive = driverFor(BASE, { setupFile: setupFileFor(label, users), databaseUrl }, { userOffset: 0 })
  const env = portalEnv(databaseUrl, PORT)
  const figures = await measureServer(startPortal(env), BASE, options.first ? fullPlan(FLOWS) : tenPlan(SIZE_FLOWS), drive, {
    seconds: SECONDS,
    probe: true,
    soak: options.soak ? (server) => soakHeap(server, drive, SOAK_FLOW, SOAK_FLOWS, SNAPSHOTS) : undefined,
    profile: options.profile ? (server) => profileFlows(server, label, users, drive) : undefined,
  })
  const statements = options.first ? await countStatementsPerFlow(env, BASE, FLOWS, drive) : undefined
  const configuration: Configuration = { database: label, users, node: process.versions.node, ...figures, statements }
  if (PEER) configuration.peer = await measurePeer(label, users, options.first)
  return configuration
}

/** The runs during a sealing backlog: a copy of the database with every event unsealed, the journeys while the sealer catches up. */
async function measureBacklog(databaseFile: string, users: number): Promise<Configuration> {
  console.log(`\n▸ SQLite, ${users.toLocaleString('en')} users, during a sealing backlog`)
  const databaseUrl = `file:${databaseFile}`
  const unsealedAtStart = unsealedRows(databaseFile)
  let unsealedAfterRuns = 0
  let healthz: Backlog['healthz'] | undefined
  const health = pollHealth(BASE)
  const drive = driverFor(BASE, { setupFile: setupFileFor('SQLite', users), databaseUrl }, { userOffset: 0 })
  const figures = await measureServer(startPortal(portalEnv(databaseUrl, PORT)), BASE, tenPlan(JOURNEYS), drive, {
    seconds: SECONDS,
    probe: false,
    afterRuns: async () => {
      unsealedAfterRuns = unsealedRows(databaseFile)
      healthz = await health.stop()
    },
  })
  const backlog: Backlog = { unsealedAtStart, unsealedAfterRuns, healthz: healthz! }
  console.log(`  unsealed rows: ${unsealedAtStart} at start, ${unsealedAfterRuns} after the runs; /healthz slowest ${backlog.healthz.maxMs} ms`)
  return { database: 'SQLite', users, node: process.versions.node, variant: 'sealing backlog', ...figures, backlog }
}

/** The same build and database on Node.js 24 (bench/load-node.ts): memory, start and the concurrency-10 runs, the journeys at 50 for the peak. */
async function measureNode24(databaseUrl: string, users: number): Promise<Configuration | null> {
  const runtime = prepareNode24()
  if (!runtime) return null
  console.log(`\n▸ SQLite, ${users.toLocaleString('en')} users, on Node.js ${runtime.version}`)
  const drive = driverFor(BASE, { setupFile: setupFileFor('SQLite', users), databaseUrl }, { userOffset: 100_000 })
  const plan: Plan = [...tenPlan(SIZE_FLOWS), ...only(JOURNEYS).map((flow) => ({ flow, concurrency: [50] }))]
  const figures = await measureServer(startPortal(portalEnv(databaseUrl, PORT), runtime), BASE, plan, drive, { seconds: SECONDS, probe: true })
  return { database: 'SQLite', users, node: runtime.version, variant: 'other Node.js', ...figures }
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
async function measurePeer(label: string, users: number, first: boolean): Promise<ServerFigures> {
  const databaseUrl = label === 'SQLite' ? `file:${path.join(scratch, `peer-${users}.db`)}` : peerDatabases.get(users)!
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
  const drive = driverFor(PEER_BASE, { setupFile: setupFileFor(label, users), databaseUrl }, { userOffset: 0 })
  return measureServer(server, PEER_BASE, first ? fullPlan(PEER_FLOWS) : tenPlan(PEER_FLOWS), drive, { seconds: SECONDS, probe: false })
}

/** PostgreSQL databases of the peer, by size (created beside the portal's). */
const peerDatabases = new Map<number, string>()

async function onSqlite(configurations: Configuration[]) {
  for (const [index, users] of SIZES.entries()) {
    const file = path.join(scratch, `load-${users}.db`)
    const first = index === 0
    const backlogFile = path.join(scratch, `backlog-${users}.db`)
    if (first && BACKLOG) {
      // One seeding for both: the backlog's copy is taken before the history is sealed.
      seed('SQLite', `file:${file}`, users, true)
      copyFileSync(file, backlogFile)
      run(node('bench/load-seal.ts', '--import', './scripts/register.mjs'), baseEnv(`file:${file}`))
    } else seed('SQLite', `file:${file}`, users)
    configurations.push(
      await measure('SQLite', `file:${file}`, users, { first, soak: SOAK_FLOWS > 0 && users === Math.max(...SIZES), profile: PROFILE && first }),
    )
    if (first && BACKLOG) configurations.push(await measureBacklog(backlogFile, users))
    const node24 = first && NODE24 ? await measureNode24(`file:${file}`, users) : null
    if (node24) configurations.push(node24)
  }
}

async function onPostgres(configurations: Configuration[], postgres: string) {
  const { default: pg } = await import('pg')
  const urlOf = (name: string) => Object.assign(new URL(postgres), { pathname: `/${name}` }).toString()
  for (const [index, users] of SIZES.entries()) {
    const database = `portal_load_${process.pid}_${users}`
    const peerDatabase = `peer_load_${process.pid}_${users}`
    const admin = new pg.Client({ connectionString: postgres })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${database}`)
    await admin.query(`CREATE DATABASE ${peerDatabase}`)
    peerDatabases.set(users, urlOf(peerDatabase))
    try {
      seed('PostgreSQL', urlOf(database), users)
      configurations.push(await measure('PostgreSQL', urlOf(database), users, { first: index === 0, soak: false, profile: false }))
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
      await admin.query(`DROP DATABASE IF EXISTS ${peerDatabase} WITH (FORCE)`)
      await admin.end()
    }
  }
}

const benchStarted = performance.now()
try {
  if (!existsSync(path.resolve('.next', 'portal-server.mjs'))) run(['npm', 'run', 'build'], { ...process.env, NODE_OPTIONS: '', NEXT_TELEMETRY_DISABLED: '1' })
  if (PEER) preparePeer()
  const configurations: Configuration[] = []
  await onSqlite(configurations)
  const postgres = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_DATABASE_URL
  if (postgres) await onPostgres(configurations, postgres)
  else console.log('\n(PostgreSQL skipped: set BENCH_POSTGRES_URL to include it)')
  const summary = summarise(configurations)
  console.log(`\nAgainst the budgets\n${summary.join('\n')}`)
  const date = new Date().toISOString().slice(0, 10)
  const minutes = (performance.now() - benchStarted) / 60_000
  // A run of only some flows gets a name of its own, so it never replaces a full run's results.
  const name = `${date}${process.env.BENCH_LOAD_FLOWS ? '-partial' : ''}`
  mkdirSync(path.resolve('bench', 'results'), { recursive: true })
  writeFileSync(
    path.resolve('bench', 'results', `${name}.json`),
    `${JSON.stringify({ date, seconds: SECONDS, events: EVENTS, minutes, configurations }, null, 2)}\n`,
  )
  writeFileSync(
    path.resolve('bench', 'results', `${name}.md`),
    markdown(configurations, summary, { date, seconds: SECONDS, events: EVENTS, minutes, peer: PEER }),
  )
  console.log(`\nWrote bench/results/${name}.md and .json after ${minutes.toFixed(1)} minutes`)
} finally {
  closeLoadDriver()
  rmSync(scratch, { recursive: true, force: true })
}
