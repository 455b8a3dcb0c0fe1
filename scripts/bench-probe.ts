import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8'

/**
 * The load bench's window into a running server, over the IPC channel of the
 * process that started it (never over HTTP): how many SQL statements the
 * server has sent, the heap after a full collection, a heap snapshot, a CPU
 * profile of a stretch of load (without the start-up a --cpu-prof run would
 * include). Only with PORTAL_BENCH_PROBE=1 and an IPC channel; the server
 * must run with --expose-gc for the collection. Statements are counted when
 * PRISMA_QUERY_EVENTS=1 (lib/db.ts adds to globalThis.portalStatements).
 */
export type ProbeRequest =
  { type: 'statements' } | { type: 'heap' } | { type: 'snapshot'; file: string } | { type: 'profile-start' } | { type: 'profile-stop'; file: string }
export type ProbeAnswer =
  | { type: 'statements'; count: number }
  | { type: 'heap'; heapUsedMb: number; rssMb: number; externalMb: number; spacesMb: Record<string, number> }
  | { type: 'snapshot'; file: string }
  | { type: 'profile-start' }
  | { type: 'profile-stop'; file: string }

const tally = globalThis as unknown as { portalStatements?: { count: number } }
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10

/**
 * A full collection, a pause, and another: FinalizationRegistry callbacks
 * (undici registers one per Response with a body) run as tasks after the
 * first, and what they release is only freed by the second. Without the
 * pause their cells read as growth.
 */
async function collectGarbage() {
  const collect = (globalThis as { gc?: () => void }).gc
  collect?.()
  await sleep(200)
  collect?.()
}

let profiler: Session | undefined

export function answerBenchProbe(): void {
  if (process.env.PORTAL_BENCH_PROBE !== '1' || !process.send) return
  tally.portalStatements = { count: 0 }
  process.on('message', async (request: ProbeRequest) => {
    const answer = (message: ProbeAnswer) => process.send?.(message)
    if (request.type === 'statements') answer({ type: 'statements', count: tally.portalStatements!.count })
    if (request.type === 'heap') {
      await collectGarbage()
      const usage = process.memoryUsage()
      const spacesMb = Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, mb(space.space_used_size)]))
      answer({ type: 'heap', heapUsedMb: mb(usage.heapUsed), rssMb: mb(usage.rss), externalMb: mb(usage.external), spacesMb })
    }
    if (request.type === 'profile-start') {
      profiler ??= new Session()
      profiler.connect()
      await profiler.post('Profiler.enable')
      await profiler.post('Profiler.start')
      answer({ type: 'profile-start' })
    }
    if (request.type === 'profile-stop' && profiler) {
      const { profile } = await profiler.post('Profiler.stop')
      profiler.disconnect()
      profiler = undefined
      writeFileSync(request.file, JSON.stringify(profile))
      answer({ type: 'profile-stop', file: request.file })
    }
    if (request.type === 'snapshot') {
      await collectGarbage()
      answer({ type: 'snapshot', file: writeHeapSnapshot(request.file) })
    }
  })
  // The channel must not keep the server alive on its own.
  process.channel?.unref()
}
