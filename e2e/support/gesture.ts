import type { Page } from '@playwright/test'

/** What the page did, in order: a trusted press, a network request its scripts started, or a WebAuthn call. */
export type GestureEvent =
  | { kind: 'press'; type: string; url: string }
  | { kind: 'request'; via: 'fetch' | 'xhr' | 'beacon'; url: string }
  | { kind: 'webauthn'; call: 'get' | 'create'; mediation: string | null }

export type GestureLog = {
  /** Forgets what was recorded so far: what follows starts with the press about to be made. */
  clear: () => void
  /** Everything recorded since the last clear. */
  all: () => GestureEvent[]
  /**
   * From the last press before the first WebAuthn call a press can start (an
   * autofill request, mediation "conditional", is started by the page
   * itself) up to that call: the press, whatever came in between, the call.
   */
  pressToCeremony: () => GestureEvent[]
}

/**
 * Records, from each document's first script on, every press the person
 * makes (a trusted click or keydown, seen in the capture phase on window,
 * before any handler of the page), every network request the page's scripts
 * start (fetch, XMLHttpRequest, sendBeacon) and every WebAuthn call
 * (navigator.credentials.get/create), in the order they happen. The log is
 * kept here, outside the page, so it survives the navigation a ceremony ends
 * with.
 */
export async function recordGestures(page: Page): Promise<GestureLog> {
  const events: GestureEvent[] = []
  await page.exposeBinding('__recordGesture', (_source, event: GestureEvent) => void events.push(event))
  await page.addInitScript(() => {
    const record = (event: GestureEvent) => void (window as unknown as { __recordGesture: (event: GestureEvent) => Promise<void> }).__recordGesture(event)
    const urlOf = (input: unknown) => (input instanceof Request ? input.url : String(input))

    for (const type of ['click', 'keydown']) {
      window.addEventListener(type, (event) => event.isTrusted && record({ kind: 'press', type, url: location.pathname }), true)
    }
    const fetch = window.fetch
    window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
      record({ kind: 'request', via: 'fetch', url: urlOf(input) })
      return fetch.call(this, input, init)
    }
    const open = XMLHttpRequest.prototype.open
    XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: Parameters<XMLHttpRequest['open']>) {
      record({ kind: 'request', via: 'xhr', url: urlOf(args[1]) })
      return open.apply(this, args)
    } as XMLHttpRequest['open']
    const beacon = navigator.sendBeacon.bind(navigator)
    navigator.sendBeacon = (url, data) => {
      record({ kind: 'request', via: 'beacon', url: urlOf(url) })
      return beacon(url, data)
    }
    const credentials = navigator.credentials
    const get = credentials.get.bind(credentials)
    const create = credentials.create.bind(credentials)
    credentials.get = (options?: CredentialRequestOptions) => {
      record({ kind: 'webauthn', call: 'get', mediation: options?.mediation ?? null })
      return get(options)
    }
    credentials.create = (options?: CredentialCreationOptions) => {
      record({ kind: 'webauthn', call: 'create', mediation: null })
      return create(options)
    }
  })
  return {
    clear: () => void events.splice(0),
    all: () => [...events],
    pressToCeremony: () => {
      const call = events.findIndex((event) => event.kind === 'webauthn' && event.mediation !== 'conditional')
      if (call < 0) throw new Error(`no WebAuthn call was recorded: ${JSON.stringify(events)}`)
      const press = events.slice(0, call).findLastIndex((event) => event.kind === 'press')
      if (press < 0) throw new Error(`no press came before the WebAuthn call: ${JSON.stringify(events)}`)
      return events.slice(press, call + 1)
    },
  }
}
