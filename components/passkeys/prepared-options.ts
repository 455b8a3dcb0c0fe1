'use client'

import { useCallback, useSyncExternalStore } from 'react'
import { postJson } from './ceremony'

/**
 * A ceremony's options, fetched before the press. Safari lets a page call
 * navigator.credentials.get()/create() only while the person's gesture is
 * fresh (transient activation, HTML "Tracking user activation"); a press that
 * first awaited a network request loses it. So the options wait ready on the
 * page, and the press hands them to the browser at once.
 *
 * - preparing: being fetched (the button waits, disabled);
 * - ready: can be used until `expiresAt`;
 * - refused: the server said no (`error` is its code: step_up_required,
 *   a rate limit, signed out) or could not be reached; the press explains;
 * - in-use: a ceremony is running with them.
 */
export type Prepared<Options> =
  { state: 'preparing' } | { state: 'ready'; options: Options; expiresAt: number } | { state: 'refused'; error: string; message: string } | { state: 'in-use' }

/** Options carry their `timeout` (the challenge's life); they are fetched again this long before it ends. */
const REFRESH_MARGIN_MS = 60_000
const PREPARING = { state: 'preparing' } as const

/**
 * One source per endpoint, shared by every button of the page that uses it:
 * the ceremony cookie holds one challenge per browser, so two buttons asking
 * separately would each make the other's challenge stale.
 */
class OptionsSource<Options extends { timeout?: number }> {
  private current: Prepared<Options> = PREPARING
  private readonly listeners = new Set<() => void>()
  private generation = 0
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly url: string,
    private readonly unexpected: string,
  ) {}

  snapshot = (): Prepared<Options> => this.current

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    if (this.listeners.size === 1) {
      document.addEventListener('visibilitychange', this.onVisibility)
      this.fetch()
    }
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size > 0) return
      // Nobody on the page uses them any more: the next user starts afresh.
      document.removeEventListener('visibilitychange', this.onVisibility)
      clearTimeout(this.timer)
      this.generation += 1
      this.current = PREPARING
    }
  }

  /**
   * The ready options, now in use: nothing fetches new ones (which would
   * replace this challenge in the cookie) until done(). Their timeout becomes
   * what is left of the challenge's life, so the browser gives up when the
   * server would (a timeout is a hint to the client, WebAuthn L3 §5.4 and §5.5).
   */
  take = (): Options | null => {
    if (this.current.state !== 'ready') return null
    const { options, expiresAt } = this.current
    const left = expiresAt - Date.now()
    // Outlived (a timer a busy or sleeping device ran late): the press finds the button preparing again.
    if (left <= 0) {
      this.fetch()
      return null
    }
    this.settle({ state: 'in-use' })
    return { ...options, timeout: left }
  }

  /** A ceremony with the taken options ended, however: its challenge is used up or may be, so new options are fetched. */
  done = (): void => {
    if (this.current.state === 'in-use') this.fetch()
  }

  /** Fetches new options now (after a refusal, on a press). */
  refresh = (): void => {
    if (this.current.state !== 'in-use') this.fetch()
  }

  /** Back to a visible tab: another tab may have replaced this browser's challenge meanwhile. */
  private onVisibility = (): void => {
    if (document.visibilityState === 'visible') this.refresh()
  }

  private fetch(): void {
    clearTimeout(this.timer)
    const generation = ++this.generation
    this.settle(PREPARING)
    void postJson<Options>(this.url, {}, this.unexpected).then((answer) => {
      // A newer fetch, or nobody listening any more: this answer is not the one the cookie holds.
      if (generation !== this.generation) return
      if (!answer.ok) return this.settle({ state: 'refused', error: answer.error, message: answer.message })
      const life = answer.data.timeout ?? 2 * REFRESH_MARGIN_MS
      this.settle({ state: 'ready', options: answer.data, expiresAt: Date.now() + life })
      this.timer = setTimeout(this.renew, Math.max(life - REFRESH_MARGIN_MS, life / 2))
    })
  }

  /** Shortly before the challenge expires: a hidden tab waits until it is shown again (onVisibility). */
  private renew = (): void => {
    if (this.current.state !== 'ready') return
    if (document.visibilityState === 'hidden') this.settle(PREPARING)
    else this.fetch()
  }

  private settle(next: Prepared<Options>): void {
    this.current = next
    for (const listener of this.listeners) listener()
  }
}

const sources = new Map<string, OptionsSource<{ timeout?: number }>>()

function sourceFor<Options extends { timeout?: number }>(url: string, unexpected: string): OptionsSource<Options> {
  let source = sources.get(url)
  if (!source) {
    source = new OptionsSource(url, unexpected)
    sources.set(url, source)
  }
  return source as unknown as OptionsSource<Options>
}

const unprepared = () => () => {}
const serverSnapshot = (): Prepared<never> => PREPARING

/**
 * The page's options from `url` (null: none wanted, as in a browser without
 * WebAuthn), fetched when the first user mounts and kept fresh while any
 * stays. `take` must be called in the press's handler, and the WebAuthn call
 * made in the same synchronous run; `done` once that ceremony is over.
 */
export function usePreparedOptions<Options extends { timeout?: number }>(url: string | null, unexpected: string) {
  const source = url ? sourceFor<Options>(url, unexpected) : null
  const prepared = useSyncExternalStore(source?.subscribe ?? unprepared, source?.snapshot ?? serverSnapshot, serverSnapshot)
  const take = useCallback(() => source?.take() ?? null, [source])
  const done = useCallback(() => source?.done(), [source])
  const refresh = useCallback(() => source?.refresh(), [source])
  return { prepared, take, done, refresh }
}
