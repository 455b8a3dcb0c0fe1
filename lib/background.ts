import 'server-only'
import { sealPending } from './audit/chain'
import { refreshRolloutSnapshot } from './rollout/snapshot'

const EVERY_MS = 60_000

/**
 * Each server's background work, at start and then every minute: seal the
 * audit log (which rolls its sign-ins up for the rollout dashboard), then
 * count people and passkeys for the dashboard's snapshot. Several servers may
 * do this: one works at a time and the others find nothing left. Requests
 * never wait for it on PostgreSQL (rows are inserted beside it); on SQLite
 * every write waits its turn anyway.
 */
export function startBackgroundWork(): void {
  const run = () => {
    sealPending()
      .then(() => refreshRolloutSnapshot())
      .catch((error: unknown) => {
        // Usually another server held the database (SQLite has one writer): nothing is lost, the next run does the rest.
        const reason = (error instanceof Error ? error.message : String(error)).split('\n').findLast((line) => line.trim() !== '') ?? 'unknown error'
        console.warn(`The background work stopped (${reason.trim()}); the next run, in a minute, continues.`)
      })
  }
  run()
  setInterval(run, EVERY_MS).unref()
}
