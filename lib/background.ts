import 'server-only'
import { sealPending } from './audit/chain'
import { errorFields, log } from './ops/log'
import { isShuttingDown, onShutdown } from './ops/shutdown'
import { refreshRolloutSnapshot } from './rollout/snapshot'

const EVERY_MS = 60_000

/**
 * Each server's background work, at start and then every minute: seal the
 * audit log (which rolls its sign-ins up for the rollout dashboard), then
 * count people and passkeys for the dashboard's snapshot. Several servers may
 * do this: one works at a time and the others find nothing left. Requests
 * never wait for it on PostgreSQL (rows are inserted beside it); on SQLite
 * every write waits its turn anyway. On shutdown no new run starts, and the
 * one under way finishes before the database pool closes.
 */
export function startBackgroundWork(): void {
  let running: Promise<unknown> = Promise.resolve()
  const run = () => {
    if (isShuttingDown()) return
    running = sealPending()
      .then(() => refreshRolloutSnapshot())
      .catch((error: unknown) => {
        // Usually another server held the database (SQLite has one writer): nothing is lost, the next run does the rest.
        log().warn({ ...errorFields(error), stack: undefined }, 'The background work stopped; the next run, in a minute, continues.')
      })
  }
  run()
  const timer = setInterval(run, EVERY_MS)
  timer.unref()
  onShutdown('background work', async () => {
    clearInterval(timer)
    await running
  })
}
