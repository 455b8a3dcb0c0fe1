import Database from 'better-sqlite3'

/** What the load bench watches during a sealing backlog (bench/load.ts). */

/** Audit rows not sealed yet in a SQLite database, read beside the running server. */
export function unsealedRows(file: string): number {
  const database = new Database(file, { readonly: true, fileMustExist: true })
  try {
    database.pragma('busy_timeout = 5000')
    return (database.prepare('SELECT COUNT(*) AS count FROM "AuditEvent" WHERE "seq" IS NULL AND "refusedAt" IS NULL').get() as { count: number }).count
  } finally {
    database.close()
  }
}

/**
 * Polls /healthz every 200 ms from the first answer until stopped, each
 * request with 10 s to answer: how many, how many failed, the p99 and the
 * slowest. Before the server first answers, refused connections are a start, not a failure.
 */
export function pollHealth(base: string) {
  const times: number[] = []
  let failures = 0
  let answered = false
  let stopped = false
  const polling = (async () => {
    while (!stopped) {
      const started = performance.now()
      try {
        const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(10_000) })
        await response.arrayBuffer()
        if (response.ok) {
          answered = true
          times.push(performance.now() - started)
        } else if (answered) failures += 1
      } catch {
        if (answered) failures += 1
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  })()
  return {
    async stop() {
      stopped = true
      await polling
      const sorted = [...times].sort((a, b) => a - b)
      const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0)
      return { requests: times.length + failures, failures, p99Ms: at(0.99), maxMs: Math.round(sorted.at(-1) ?? 0) }
    },
  }
}
