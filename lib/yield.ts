import 'server-only'

/** The longest pause between two batches, so a slow batch on a busy machine does not stall the catch-up. */
const LONGEST_PAUSE_MS = 250

/**
 * Lets requests run between two batches of background work. A request takes
 * many turns of the event loop (each statement, each await), and a turn that
 * comes while a batch runs waits for it; so after a batch that took `busyMs`
 * the work pauses as long (up to LONGEST_PAUSE_MS), which leaves requests at
 * least half of the process's time during a catch-up. Without `busyMs`, it
 * gives one turn to what is ready.
 */
export function yieldToRequests(busyMs = 0): Promise<void> {
  return new Promise((resolve) => (busyMs > 0 ? setTimeout(resolve, Math.min(busyMs, LONGEST_PAUSE_MS)) : setImmediate(resolve)))
}
