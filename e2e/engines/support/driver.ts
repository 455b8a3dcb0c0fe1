import type { Target } from './in-page'

export type EngineName = 'chromium' | 'firefox' | 'webkit'

/** A credential held by a virtual authenticator (the fields every engine reports). */
export type EngineCredential = { credentialId: string; isResidentCredential: boolean; rpId?: string; userHandle?: string }

/** A virtual authenticator (WebAuthn L3 §11): a platform passkey provider that needs no person. */
export type EngineAuthenticator = {
  credentials: () => Promise<EngineCredential[]>
  remove: () => Promise<void>
}

export type PageOptions = {
  /** Sent as X-Forwarded-For where the engine's driver can add headers, so per-network limits stay per test. */
  clientIp?: string
  /** Off: the engine runs no page scripts, for the forms that must work without JavaScript. */
  javaScript?: boolean
  /** Source of a script run before each document's own, in every frame (to observe or shape the page). */
  initScript?: string
  width?: number
  height?: number
}

export type Cookie = { name: string; value: string; httpOnly?: boolean; expires?: Date }

/** The keys a step may press besides typing: choosing from a list the browser shows under a field. */
export type Key = 'ArrowDown' | 'ArrowUp' | 'Enter' | 'Escape' | 'Tab'

/** An element inside the page, as the engine's driver names it. */
export type ElementRef = { readonly engineElement: unknown }

/**
 * The few things each engine's driver does natively; everything else in the
 * suite is built on them (see engine-page.ts). Clicks and typing go through
 * the driver's input commands, so the page sees trusted events with a user
 * activation, as from a person.
 */
export type EngineDriver = {
  readonly engine: EngineName
  goto: (url: string) => Promise<void>
  url: () => Promise<string>
  /** Runs `source` (a function's text) in the page with `arg`, awaiting a promise it returns. */
  evaluate: <T>(source: string, arg?: unknown) => Promise<T>
  find: (target: Target) => Promise<ElementRef | null>
  click: (element: ElementRef) => Promise<void>
  /** Replaces the field's value by typing `text` into it. */
  type: (element: ElementRef, text: string) => Promise<void>
  pressEnter: (element: ElementRef) => Promise<void>
  pressKey: (element: ElementRef, key: Key) => Promise<void>
  screenshot: () => Promise<Buffer>
  setViewport: (width: number, height: number) => Promise<void>
  /** Cookies for the origin of `url`. */
  addCookies: (url: string, cookies: Cookie[]) => Promise<void>
  cookies: (url: string) => Promise<Cookie[]>
  /** A virtual authenticator for this page, or null where the engine offers none here. */
  addAuthenticator: () => Promise<EngineAuthenticator | null>
  close: () => Promise<void>
}
