import 'server-only'

/**
 * Lets the requests that arrived meanwhile run: background work calls it
 * between batches, so a long catch-up never holds the event loop (nor, on
 * SQLite, the database) for more than one batch at a time.
 */
export function yieldToRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
