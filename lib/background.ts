import 'server-only'
import { sealPending } from './audit/chain'
import { sendDueNotices } from './notices/outbox'
import { errorFields, log } from './ops/log'
import { isShuttingDown, onShutdown } from './ops/shutdown'
import { refreshRolloutSnapshot } from './rollout/snapshot'
import { reloadOidcKeys } from './oidc/provider'
import { refreshAuthenticatorMetadata } from './authenticators/metadata-refresh'
import { deliverSecurityEvents } from './ssf/deliver'

const EVERY_MS = 60_000
/** The first run waits this long, so a start with a backlog answers its first requests as soon as one without. */
const FIRST_RUN_AFTER_MS = 3_000
/** Queued security notices that failed or were left by a stopped instance go out within this. */
const NOTICES_EVERY_MS = 10_000
/** Security events reach the apps that subscribed within seconds (lib/ssf/deliver.ts). */
const SECURITY_EVENTS_EVERY_MS = 2_000

/**
 * Each server's background work, shortly after start and then every minute:
 * seal the audit log (which rolls its sign-ins up for the rollout dashboard),
 * then count people and passkeys for the dashboard's snapshot, then pick up
 * the OpenID Connect signing keys when a rotation started or took effect,
 * then read the FIDO metadata BLOB again once it says the next one is due.
 * Several servers may do this: one writes at a time and the others find
 * nothing left. The work goes in short batches with a turn for requests
 * between them (docs/decisions/0021-background-work-in-short-turns.md), and
 * a run that is still catching up when the next minute comes is left to
 * finish. Every ten seconds, it sends the security notices that are due in
 * the outbox, and every two seconds it pushes the security events apps
 * subscribed to (one indexed look when there are none). On shutdown no new run starts, and the ones under way stop at
 * the end of their current batch before the database pool closes.
 */
export function startBackgroundWork(): void {
  let running: Promise<unknown> | null = null
  const steps = [sealPending, refreshRolloutSnapshot, reloadOidcKeys, () => refreshAuthenticatorMetadata()]
  const run = () => {
    if (isShuttingDown() || running) return
    running = (async () => {
      for (const step of steps) {
        if (isShuttingDown()) return
        await step()
      }
    })()
      .catch((error: unknown) => {
        // Usually another server held the database (SQLite has one writer): nothing is lost, the next run does the rest.
        log().warn({ ...errorFields(error), stack: undefined }, 'The background work stopped; the next run, in a minute, continues.')
      })
      .finally(() => (running = null))
  }
  let sending: Promise<unknown> = Promise.resolve()
  const send = () => {
    if (isShuttingDown()) return
    sending = sending.then(() =>
      sendDueNotices().catch((error: unknown) =>
        log().warn({ ...errorFields(error), stack: undefined }, 'The outbox could not be read; the next run continues.'),
      ),
    )
  }
  let pushing: Promise<unknown> | null = null
  const push = () => {
    if (isShuttingDown() || pushing) return
    pushing = deliverSecurityEvents()
      .catch((error: unknown) => log().warn({ ...errorFields(error), stack: undefined }, 'Security events could not be read; the next run continues.'))
      .finally(() => (pushing = null))
  }
  send()
  const first = setTimeout(run, FIRST_RUN_AFTER_MS)
  const timers = [setInterval(run, EVERY_MS), setInterval(send, NOTICES_EVERY_MS), setInterval(push, SECURITY_EVENTS_EVERY_MS)]
  for (const timer of [first, ...timers]) timer.unref()
  onShutdown('background work', async () => {
    clearTimeout(first)
    for (const timer of timers) clearInterval(timer)
    await Promise.all([running, sending, pushing])
  })
}
