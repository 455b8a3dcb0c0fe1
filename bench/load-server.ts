import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import type { ProbeAnswer, ProbeRequest } from '../scripts/bench-probe'
import type { Flow, Options as DriverOptions, RunResult } from './load-driver'
import type { ProfileSummary } from './profile-summary'

/**
 * The load bench's measuring side (bench/load.ts runs it): servers started
 * pinned to core 0, the load driver on core 1, the server's CPU time and
 * memory read from /proc, and the probe over the IPC channel
 * (scripts/bench-probe.ts).
 */

export const AUTH_SECRET = 'load-benchmark-secret-that-is-long-enough-for-validation'
export const CONCURRENCY = [1, 10, 50]

export type Measured = RunResult & { cpuMsPerFlow: number; rssMb: number }
export type Heap = { heapUsedMb: number; rssMb: number; externalMb: number; spacesMb: Record<string, number> }
/** SQL statements per flow and per HTTP request, from the pass with query events on. */
export type Statements = { flow: Flow; flows: number; perFlow: number; perRequest: number }
/** Post-GC heap after the first 1,000 soak flows and after all of them. */
export type Soak = { flow: Flow; first: { flows: number; heap: Heap }; last: { flows: number; heap: Heap }; errors: number; seconds: number }
export type FlowProfile = { flow: Flow; flows: number; profile: ProfileSummary }
export type ServerFigures = {
  coldStartMs: number
  idleRssMb: number
  peakRssMb: number
  runs: Measured[]
  idleHeap?: Heap
  heapAfterRuns?: Heap
  soak?: Soak
  profiles?: FlowProfile[]
}
export type Drive = (flow: Flow, concurrency: number, seconds: number, flowLimit?: number) => Promise<RunResult>
/** Which runs a server gets: each flow at each of its concurrencies. */
export type Plan = { flow: Flow; concurrency: number[] }[]

/** HTTP requests in one flow: email code and magic link post two actions, passkey two JSON routes, a journey adds the two page loads, a session check is one request. */
export const REQUESTS_PER_FLOW: Record<Flow, number> = {
  'email-code': 2,
  'magic-link': 2,
  passkey: 2,
  'session-page': 1,
  'session-json': 1,
  'email-journey': 4,
  'passkey-journey': 4,
  'peer-email-code': 2,
  'peer-session-json': 1,
  'peer-email-journey': 4,
}

export const twoCores = availableParallelism() >= 2
export const pinned = (core: number, command: string[]) =>
  twoCores && existsSync('/usr/bin/taskset') ? ['/usr/bin/taskset', '-c', String(core), ...command] : command
export const node = (script: string, ...extra: string[]) => [process.execPath, '--import', 'tsx', ...extra, script]
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100

export function procCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks
}

export function procMemoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string) => Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))?.[1] ?? 0)
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) }
}

export function run(command: string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync(command[0]!, command.slice(1), { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 })
  if (result.status !== 0) throw new Error(`${command.join(' ')} failed`)
  return result.stdout
}

/** Milliseconds until the server first answers /sign-in with 200. */
export async function waitForServer(server: ChildProcess, base: string): Promise<number> {
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
export const closeLoadDriver = () => loadDriver?.close()

/**
 * A driver for one configuration's database: each run takes accounts from
 * where the last one stopped, so no address or client meets its rate limits.
 */
export function driverFor(base: string, driverInput: { setupFile: string; databaseUrl: string }, cursor: { userOffset: number }): Drive {
  return async (flow, concurrency, seconds, flowLimit) => {
    loadDriver ??= new LoadDriver()
    const result = await loadDriver.run({ base, flow, concurrency, seconds, flowLimit, userOffset: cursor.userOffset, ...driverInput })
    cursor.userOffset += result.flows + result.errors + concurrency
    return result
  }
}

/** Asks the portal's server a question over its IPC channel (scripts/bench-probe.ts). */
export function ask<T extends ProbeRequest['type']>(
  server: ChildProcess,
  request: Extract<ProbeRequest, { type: T }>,
): Promise<Extract<ProbeAnswer, { type: T }>> {
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

export async function stop(server: ChildProcess) {
  if (server.exitCode !== null) return
  server.kill('SIGTERM')
  await new Promise((resolve) => server.once('exit', resolve))
}

/** Runs one flow at one concurrency against a server, with the server's CPU time per flow, and prints a line. */
export async function timedRun(server: ChildProcess, drive: Drive, flow: Flow, concurrency: number, seconds: number): Promise<Measured> {
  const before = procCpuMs(server.pid!)
  const result = await drive(flow, concurrency, seconds)
  const cpuMsPerFlow = result.flows ? Math.round(((procCpuMs(server.pid!) - before) / result.flows) * 10) / 10 : 0
  console.log(
    `  ${flow.padEnd(18)} c${String(concurrency).padEnd(3)} ${(result.flows / result.seconds).toFixed(1).padStart(7)}/s  p50 ${result.flowMs.p50} ms  p99 ${result.flowMs.p99} ms  (last step p99 ${result.verifyMs.p99} ms)  CPU ${cpuMsPerFlow} ms/flow  errors ${result.errors}${result.firstError ? ` (${result.firstError})` : ''}`,
  )
  return { ...result, cpuMsPerFlow, rssMb: procMemoryMb(server.pid!).rss }
}

/**
 * Measures one started server: cold start, a warm-up of every flow, idle
 * memory, then each planned run from the driver on the other core, then
 * `afterRuns`; with `probe`, the post-GC heap after the warm-up and after the runs, with `soak`
 * the heap soak, and with `profile` CPU profiles after everything timed.
 * Stops the server at the end.
 */
export async function measureServer(
  server: ChildProcess,
  base: string,
  plan: Plan,
  drive: Drive,
  options: {
    seconds: number
    probe: boolean
    afterRuns?: () => Promise<void> | void
    soak?: (server: ChildProcess) => Promise<Soak>
    profile?: (server: ChildProcess) => Promise<FlowProfile[]>
  },
): Promise<ServerFigures> {
  try {
    const coldStartMs = await waitForServer(server, base)
    // Warm the server's code paths once, then let it settle before reading idle memory.
    for (const { flow } of plan) await drive(flow, 2, 1)
    await new Promise((resolve) => setTimeout(resolve, 2000))
    const idleRssMb = procMemoryMb(server.pid!).rss
    const idleHeap = options.probe ? await heapOf(server) : undefined
    const runs: Measured[] = []
    for (const { flow, concurrency } of plan) for (const level of concurrency) runs.push(await timedRun(server, drive, flow, level, options.seconds))
    await options.afterRuns?.()
    const peakRssMb = procMemoryMb(server.pid!).peak
    const heapAfterRuns = options.probe ? await heapOf(server) : undefined
    const soak = options.soak ? await options.soak(server) : undefined
    const profiles = options.profile ? await options.profile(server) : undefined
    return { coldStartMs, idleRssMb, peakRssMb, runs, idleHeap, heapAfterRuns, soak, profiles }
  } finally {
    await stop(server)
  }
}

/** The heap soak: `flow` at concurrency 10, post-GC heap after the first 1,000 flows and after `flows`; heap snapshots into `snapshots` if given. */
export async function soakHeap(server: ChildProcess, drive: Drive, flow: Flow, flows: number, snapshots?: string): Promise<Soak> {
  const snapshot = async (name: string) => {
    if (!snapshots) return
    mkdirSync(path.resolve(snapshots), { recursive: true })
    console.log(`  heap snapshot: ${(await ask(server, { type: 'snapshot', file: path.resolve(snapshots, name) })).file}`)
  }
  await snapshot('soak-0.heapsnapshot')
  const firstRun = await drive(flow, 10, 3600, 1000)
  const first = { flows: firstRun.flows, heap: await heapOf(server) }
  await snapshot(`soak-${first.flows}.heapsnapshot`)
  const rest = await drive(flow, 10, 3600, Math.max(flows - firstRun.flows, 0))
  const last = { flows: firstRun.flows + rest.flows, heap: await heapOf(server) }
  await snapshot(`soak-${last.flows}.heapsnapshot`)
  console.log(`  heap soak: ${first.heap.heapUsedMb} MB after ${first.flows} flows, ${last.heap.heapUsedMb} MB after ${last.flows}`)
  return { flow, first, last, errors: firstRun.errors + rest.errors, seconds: Math.round(firstRun.seconds + rest.seconds) }
}

export const portalEnv = (databaseUrl: string, port: number): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  AUTH_SECRET,
  DATABASE_URL: databaseUrl,
  NEXT_TELEMETRY_DISABLED: '1',
  NODE_ENV: 'production',
  DEMO_MODE: '1',
  HOST: '127.0.0.1',
  PORT: String(port),
  APP_URL: `http://localhost:${port}`,
  TRUSTED_PROXY_HOPS: '1',
  SIGNUP_POLICY: 'open',
  PORTAL_BENCH_PROBE: '1',
})

/**
 * Starts the portal's production server on core 0 with the probe's IPC
 * channel, as production starts it (scripts/serve.sh, with its memory
 * settings), on this process's Node.js unless `runtime` names another and
 * the copy of the app it runs (scripts/node24.sh).
 */
export function startPortal(env: NodeJS.ProcessEnv, runtime: { binary: string; app: string } = { binary: process.execPath, app: process.cwd() }): ChildProcess {
  const [command, ...args] = pinned(0, [path.resolve('scripts', 'serve.sh'), '--expose-gc'])
  const PATH = `${path.dirname(runtime.binary)}:${env.PATH ?? ''}`
  return spawn(command!, args, { cwd: runtime.app, env: { ...env, PATH }, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] })
}

/**
 * The statements pass: a fresh server with Prisma's query events on, each
 * flow at concurrency 1 for two seconds, statements counted by the server
 * (work after the response included: the pass waits for it to finish).
 */
export async function countStatementsPerFlow(env: NodeJS.ProcessEnv, base: string, flows: Flow[], drive: Drive): Promise<Statements[]> {
  const server = startPortal({ ...env, PRISMA_QUERY_EVENTS: '1' })
  try {
    await waitForServer(server, base)
    const counts: Statements[] = []
    for (const flow of flows) {
      const before = (await ask(server, { type: 'statements' })).count
      const result = await drive(flow, 1, 2)
      await new Promise((resolve) => setTimeout(resolve, 500))
      const statements = (await ask(server, { type: 'statements' })).count - before
      if (!result.flows) throw new Error(`the statements pass counted no ${flow} flow: ${result.firstError ?? `${result.errors} errors`}`)
      const perFlow = Math.round((statements / result.flows) * 10) / 10
      counts.push({ flow, flows: result.flows, perFlow, perRequest: Math.round((perFlow / REQUESTS_PER_FLOW[flow]) * 10) / 10 })
    }
    console.log(`  statements per flow: ${counts.map(({ flow, perFlow }) => `${flow} ${perFlow}`).join(', ')}`)
    return counts
  } finally {
    await stop(server)
  }
}
