import 'server-only'
import { sealPending } from './chain'

const EVERY_MS = 60_000

/**
 * Seals the audit log every minute in the background of each server. Several
 * servers may do this: one sealer works at a time and the others find
 * nothing left, so nobody's request waits for it.
 */
export function startSealing(): void {
  const timer = setInterval(() => {
    sealPending().catch((error: unknown) => console.error(`Sealing the audit log failed: ${error instanceof Error ? error.message : String(error)}`))
  }, EVERY_MS)
  timer.unref()
}
