import { cpus } from 'node:os'
import type { Flow, RunResult } from './load-driver'
import { twoCores, type ServerFigures, type Statements } from './load-server'

/** What the load bench measured on one database and size (bench/load.ts), and how it prints against the budgets. */
export type Configuration = ServerFigures & {
  database: string
  users: number
  /** The Node.js version the server ran on. */
  node: string
  /** What sets this configuration apart, when something does: a sealing backlog, another Node.js. */
  variant?: 'sealing backlog' | 'other Node.js'
  statements?: Statements[]
  peer?: ServerFigures
  backlog?: Backlog
}
/** The run during a sealing backlog: rows left to seal before and after the timed runs, and /healthz polled throughout. */
export type Backlog = { unsealedAtStart: number; unsealedAfterRuns: number; healthz: { requests: number; failures: number; p99Ms: number; maxMs: number } }

const BUDGETS = {
  emailVerifyP99Ms: 100,
  emailCpuMsPerFlow: 15,
  passkeyFlowsPerSecond: 200,
  passkeyCpuMsPerFlow: 10,
  passkeyVerifyP99Ms: 50,
  growthPercent: 10,
  idleRssMb: 120,
  peakRssMb: 350,
  soakHeapGrowthMb: 20,
  /** Cold start against the peer's, as a factor. */
  coldStartVsPeer: 1.2,
  /** Sign-in journey p99 during a sealing backlog against the same run without it, as a factor. */
  backlogP99Factor: 2,
  /** The email journey's rate against Better Auth's, and the passkey journey's against Better Auth's email journey. */
  emailJourneyVsPeer: 1,
  passkeyJourneyVsPeerEmail: 2,
}

const verdict = (ok: boolean) => (ok ? 'ok  ' : 'MISS')
const find = (figures: ServerFigures, flow: Flow, concurrency: number) => figures.runs.find((run) => run.flow === flow && run.concurrency === concurrency)
const rate = (run: RunResult) => Math.round((run.flows / run.seconds) * 10) / 10
const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 100) / 100 : 0)
export const titleOf = (configuration: Configuration) =>
  `${configuration.database}, ${configuration.users.toLocaleString('en')} users${configuration.variant === 'sealing backlog' ? ', during a sealing backlog' : ''}, Node.js ${configuration.node}`

function signInLines(configuration: Configuration): string[] {
  const lines: string[] = []
  const email = find(configuration, 'email-code', 10)
  const passkey = find(configuration, 'passkey', 10)
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
      `  ${verdict(passkey.cpuMsPerFlow <= BUDGETS.passkeyCpuMsPerFlow)}  passkey, c10: server CPU ${passkey.cpuMsPerFlow} ms per flow (budget ${BUDGETS.passkeyCpuMsPerFlow})`,
    )
    lines.push(
      `  ${verdict(passkey.verifyMs.p99 <= BUDGETS.passkeyVerifyP99Ms)}  passkey, c10: verify p99 ${passkey.verifyMs.p99} ms (budget ${BUDGETS.passkeyVerifyP99Ms})`,
    )
  }
  return lines
}

function memoryLines(configuration: Configuration): string[] {
  const lines = [
    `  ${verdict(configuration.idleRssMb <= BUDGETS.idleRssMb)}  idle RSS after warm-up ${configuration.idleRssMb} MB (budget ${BUDGETS.idleRssMb})`,
    `  ${verdict(configuration.peakRssMb <= BUDGETS.peakRssMb)}  peak RSS ${configuration.peakRssMb} MB (budget ${BUDGETS.peakRssMb})`,
    `  info  cold start to the first /sign-in: ${configuration.coldStartMs} ms`,
  ]
  if (configuration.idleHeap && configuration.heapAfterRuns)
    lines.push(`  info  post-GC heap: ${configuration.idleHeap.heapUsedMb} MB after the warm-up, ${configuration.heapAfterRuns.heapUsedMb} MB after every run`)
  const soak = configuration.soak
  if (soak) {
    const growth = Math.round((soak.last.heap.heapUsedMb - soak.first.heap.heapUsedMb) * 10) / 10
    lines.push(
      `  ${verdict(growth <= BUDGETS.soakHeapGrowthMb && soak.errors === 0)}  post-GC heap after ${soak.last.flows.toLocaleString('en')} ${soak.flow} flows ${soak.last.heap.heapUsedMb} MB, after ${soak.first.flows.toLocaleString('en')} ${soak.first.heap.heapUsedMb} MB: ${growth >= 0 ? '+' : ''}${growth} MB (budget ${BUDGETS.soakHeapGrowthMb}; ${soak.errors} errors)`,
    )
  }
  return lines
}

function statementLines(configuration: Configuration): string[] {
  if (!configuration.statements) return []
  const session = configuration.statements.find((count) => count.flow === 'session-json')
  return [
    ...(session ? [`  ${verdict(session.perRequest <= 1)}  session as JSON: ${session.perRequest} SQL statements per request (budget 1)`] : []),
    `  info  SQL statements per flow (per HTTP request): ${configuration.statements.map(({ flow, perFlow, perRequest }) => `${flow} ${perFlow} (${perRequest})`).join(', ')}`,
  ]
}

function peerLines(configuration: Configuration, peer: ServerFigures): string[] {
  const lines: string[] = []
  const pairs: [Flow, Flow, string, number][] = [
    ['email-code', 'peer-email-code', 'email code', 1],
    ['email-journey', 'peer-email-journey', 'email journey', BUDGETS.emailJourneyVsPeer],
    ['passkey-journey', 'peer-email-journey', "passkey journey (against Better Auth's email journey)", BUDGETS.passkeyJourneyVsPeerEmail],
  ]
  for (const [ours, theirs, label, factor] of pairs) {
    const a = find(configuration, ours, 10)
    const b = find(peer, theirs, 10)
    if (!a || !b) continue
    lines.push(
      `  ${verdict(rate(a) >= factor * rate(b))}  ${label}, c10: ${rate(a)} flows/s against Better Auth's ${rate(b)} (×${ratio(rate(a), rate(b))}; goal ×${factor})`,
    )
    lines.push(
      `  info  ${label}, c10: server CPU ${a.cpuMsPerFlow} ms per flow against Better Auth's ${b.cpuMsPerFlow}; p99 ${a.flowMs.p99} against ${b.flowMs.p99} ms`,
    )
  }
  const session = find(configuration, 'session-json', 10)
  const peerSession = find(peer, 'peer-session-json', 10)
  if (session && peerSession)
    lines.push(
      `  ${verdict(rate(session) >= rate(peerSession))}  session as JSON, c10: ${rate(session)} requests/s against Better Auth's get-session ${rate(peerSession)}`,
    )
  lines.push(
    `  ${verdict(configuration.coldStartMs <= BUDGETS.coldStartVsPeer * peer.coldStartMs)}  cold start ${configuration.coldStartMs} ms against Better Auth's ${peer.coldStartMs} ms (×${ratio(configuration.coldStartMs, peer.coldStartMs)}; budget ×${BUDGETS.coldStartVsPeer})`,
  )
  lines.push(`  info  Better Auth: idle RSS after warm-up ${peer.idleRssMb} MB, peak ${peer.peakRssMb} MB`)
  return lines
}

/** The runs during a sealing backlog against the same runs on the same database without one. */
function backlogLines(configuration: Configuration, calm: Configuration | undefined): string[] {
  const backlog = configuration.backlog!
  const lines = [
    `  info  unsealed rows: ${backlog.unsealedAtStart.toLocaleString('en')} when the server started, ${backlog.unsealedAfterRuns.toLocaleString('en')} after the timed runs`,
    `  ${verdict(backlog.healthz.failures === 0)}  /healthz polled throughout: ${backlog.healthz.requests} requests, p99 ${backlog.healthz.p99Ms} ms, slowest ${backlog.healthz.maxMs} ms, ${backlog.healthz.failures} failed`,
    `  info  cold start to the first /sign-in with the backlog: ${configuration.coldStartMs} ms${calm ? ` (without: ${calm.coldStartMs} ms)` : ''}`,
  ]
  for (const run of configuration.runs) {
    const without = calm && find(calm, run.flow, run.concurrency)
    if (!without) continue
    lines.push(
      `  ${verdict(run.flowMs.p99 <= BUDGETS.backlogP99Factor * without.flowMs.p99)}  ${run.flow}, c${run.concurrency}: p99 ${run.flowMs.p99} ms during the backlog against ${without.flowMs.p99} ms without (×${ratio(run.flowMs.p99, without.flowMs.p99)}; budget ×${BUDGETS.backlogP99Factor})`,
    )
  }
  return lines
}

/** One Node.js against another on the same database and size: memory, start and the c10 runs both have. */
function nodeLines(configuration: Configuration, base: Configuration): string[] {
  const lines = [
    `  info  Node.js ${configuration.node} against ${base.node}: idle RSS ${configuration.idleRssMb} against ${base.idleRssMb} MB, peak ${configuration.peakRssMb} against ${base.peakRssMb} MB, cold start ${configuration.coldStartMs} against ${base.coldStartMs} ms`,
  ]
  for (const run of configuration.runs) {
    const other = find(base, run.flow, run.concurrency)
    if (other)
      lines.push(
        `  info  ${run.flow}, c${run.concurrency}: ${rate(run)} against ${rate(other)} flows/s, CPU ${run.cpuMsPerFlow} against ${other.cpuMsPerFlow} ms per flow, p99 ${run.flowMs.p99} against ${other.flowMs.p99} ms`,
      )
  }
  return lines
}

function growthLines(configurations: Configuration[]): string[] {
  const lines: string[] = []
  const plain = configurations.filter((configuration) => !configuration.variant)
  for (const database of new Set(plain.map((configuration) => configuration.database))) {
    const [small, large] = plain.filter((configuration) => configuration.database === database).sort((a, b) => a.users - b.users)
    if (!small || !large || small === large) continue
    for (const flow of ['email-code', 'passkey', 'email-journey', 'passkey-journey'] as Flow[]) {
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

export function summarise(configurations: Configuration[]): string[] {
  const lines: string[] = []
  const baseOf = (configuration: Configuration) =>
    configurations.find((other) => !other.variant && other.database === configuration.database && other.users === configuration.users)
  for (const configuration of configurations) {
    lines.push(titleOf(configuration))
    if (configuration.variant === 'sealing backlog') lines.push(...backlogLines(configuration, baseOf(configuration)))
    else if (configuration.variant === 'other Node.js') {
      const base = baseOf(configuration)
      lines.push(...memoryLines(configuration), ...(base ? nodeLines(configuration, base) : []))
    } else {
      lines.push(...signInLines(configuration), ...memoryLines(configuration), ...statementLines(configuration))
      if (configuration.peer) lines.push(...peerLines(configuration, configuration.peer))
    }
  }
  return [...lines, ...growthLines(configurations)]
}

export function machineLine(seconds: number, events: number): string {
  return `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}; server ${twoCores ? 'pinned to core 0, load to core 1' : 'and load sharing the only core'}; ${seconds} s per run; ${events.toLocaleString('en')} audit events.`
}
