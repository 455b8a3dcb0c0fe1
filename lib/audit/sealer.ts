import 'server-only'
import { sealPending } from './chain'

const EVERY_MS = 60_000

/**
 * Seals the audit log every minute in the background of each server. Several
 * servers may do this: one sealer works at a time and the others find
 * nothing left. Requests never wait for it on PostgreSQL (rows are inserted
 * beside it); on SQLite every write waits its turn anyway.
 */
export function startSealing(): void {
  const timer = setInterval(() => {
    sealPending().catch((error: unknown) => {
      // Usually another sealer held the database (SQLite has one writer): nothing is lost, the next run seals the rest.
      const reason = (error instanceof Error ? error.message : String(error)).split('\n').findLast((line) => line.trim() !== '') ?? 'unknown error'
      console.warn(`Sealing the audit log stopped (${reason.trim()}); the next run, in a minute, continues.`)
    })
  }, EVERY_MS)
  timer.unref()
}
