import 'server-only'
import { performance } from 'node:perf_hooks'

/** The longest pause between two batches, so a slow batch on a busy machine does not stall the catch-up. */
const LONGEST_PAUSE_MS = 500
/** Below this share of a batch's time, pauses stop shrinking: a request that arrives is still seen. */
const LEAST_SHARE = 1 / 8
/** Above this, pauses stop growing: a server busy with requests still gives the work a ninth of its time. */
const MOST_SHARE = 8

/** How long the next pause is, as a share of the batch before it: more while requests use the pauses, less while nothing does. */
let share = 1

/**
 * Lets requests run after a batch of background work that took `busyMs`. A
 * request takes many turns of the event loop (each statement, each await),
 * and a turn that comes while a batch runs waits for it, so one turn between
 * batches is not enough: the work pauses for a share of the time the batch
 * took (up to LONGEST_PAUSE_MS). While requests use the pauses the share
 * doubles, up to MOST_SHARE, so a server busy with sign-ins spends at least
 * eight ninths of its time on them and a backlog slows a sign-in by an eighth
 * at most; when nothing used the last pause it halves, down to LEAST_SHARE,
 * so an idle server catches up at nearly full speed.
 */
export async function yieldToRequests(busyMs: number): Promise<void> {
  const before = performance.eventLoopUtilization()
  await new Promise((resolve) => setTimeout(resolve, Math.min(busyMs * share, LONGEST_PAUSE_MS)))
  const used = performance.eventLoopUtilization(before).utilization
  share = used > 0.2 ? Math.min(share * 2, MOST_SHARE) : Math.max(share / 2, LEAST_SHARE)
}
