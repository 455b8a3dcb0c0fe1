import 'server-only'
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Preferences } from '../i18n/preferences'
import type { Translator } from '../i18n/translator'

/** What the portal's server and the app learn about one request while answering it. */
export type RequestScope = {
  requestId: string
  /** The signed-in person, once the session check has found them (for the request's log line). */
  userId: string | null
  /** Set when a statement failed because the database could not be reached: the server then answers 503. */
  databaseUnavailable: boolean
  /** The reader's language and zone, and their words, once known (lib/i18n/ambient.ts). */
  preferences?: Preferences
  translator?: Translator
}

/**
 * The portal's server (scripts/server.ts) opens a scope around each request it
 * hands to Next.js, and the app writes to it. Next.js bundles its own copy of
 * this module, so the storage lives on globalThis: both copies must share it.
 */
const KEY = Symbol.for('passkey-portal.request-scope')
const holder = globalThis as unknown as Record<typeof KEY, AsyncLocalStorage<RequestScope> | undefined>

function storage(): AsyncLocalStorage<RequestScope> {
  holder[KEY] ??= new AsyncLocalStorage<RequestScope>()
  return holder[KEY]
}

export function runInRequestScope<T>(scope: RequestScope, run: () => T): T {
  return storage().run(scope, run)
}

/** The current request's scope; undefined outside one (background work, scripts, tests). */
export function currentRequestScope(): RequestScope | undefined {
  return storage().getStore()
}
