import 'server-only'

/**
 * Work to finish before the process exits on SIGTERM, registered by whoever
 * owns it (the database pool, the background work), run by the portal's
 * server once its HTTP requests are done. Next.js's bundle and the server
 * each load this module; the list lives on globalThis so both share it.
 */
type Hook = { name: string; run: () => Promise<unknown> | unknown }

const KEY = Symbol.for('passkey-portal.shutdown-hooks')
const holder = globalThis as unknown as Record<typeof KEY, { hooks: Hook[]; stopping: boolean } | undefined>
const state = () => (holder[KEY] ??= { hooks: [], stopping: false })

export function onShutdown(name: string, run: Hook['run']): void {
  state().hooks.push({ name, run })
}

/** True once SIGTERM has been received: background work starts nothing new. */
export function isShuttingDown(): boolean {
  return state().stopping
}

/** Runs every hook, last registered first (the pool closes after what uses it); returns the names of those that failed. */
export async function runShutdownHooks(): Promise<{ name: string; error: unknown }[]> {
  const current = state()
  current.stopping = true
  const failed: { name: string; error: unknown }[] = []
  for (const hook of [...current.hooks].reverse()) {
    try {
      await hook.run()
    } catch (error) {
      failed.push({ name: hook.name, error })
    }
  }
  return failed
}

export function beginShutdown(): void {
  state().stopping = true
}
