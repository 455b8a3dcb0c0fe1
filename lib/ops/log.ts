import 'server-only'
import { createWriteStream, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { format } from 'node:util'
import pino, { type DestinationStream, type Logger } from 'pino'
import { currentRequestScope } from './request-scope'

/**
 * The portal's one logger: JSON lines on stdout (and LOG_FILE when set), one
 * per request, security event and error. Redaction is by construction: no
 * caller logs a request body, query string, header or cookie, only named
 * fields; and every line passes through `redact()` on its way out, which masks
 * email addresses and anything shaped like a sign-in link's token.
 */

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g
const SECRET_PARAMETER = /([?&](?:token|code|secret)=)[^&\s"]+/gi

/** Masks what must never be read in a log: `ada@example.com` → `a…@example.com`, `?token=…` → `?token=[redacted]`. */
export function redact(text: string): string {
  return text.replace(EMAIL, '$1…@$2').replace(SECRET_PARAMETER, '$1[redacted]')
}

function redactingStream(target: DestinationStream): DestinationStream {
  return { write: (line: string) => target.write(redact(line)) }
}

function destination(): DestinationStream {
  const file = process.env.LOG_FILE?.trim()
  const stdout = pino.destination({ dest: 1, sync: true })
  if (!file) return redactingStream(stdout)
  mkdirSync(dirname(file), { recursive: true })
  const copy = createWriteStream(file, { flags: 'a' })
  return redactingStream({
    write(line: string) {
      stdout.write(line)
      copy.write(line)
    },
  })
}

function createLogger(): Logger {
  const level = process.env.LOG_LEVEL?.trim() || (process.env.NODE_ENV === 'test' ? 'warn' : 'info')
  const options = {
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    // Every line written inside a request carries its id.
    mixin: () => {
      const scope = currentRequestScope()
      return scope ? { requestId: scope.requestId } : {}
    },
  }
  // Readable lines for people at a terminal: `npm run dev`, and `npm run demo` (demo mode) run in one.
  const atTerminal = process.env.NODE_ENV === 'development' || (process.stdout.isTTY && /^(1|true)$/.test(process.env.DEMO_MODE ?? ''))
  if (atTerminal && !process.env.LOG_FILE) {
    return pino(options, prettyStream() ?? redactingStream(pino.destination({ dest: 1, sync: true })))
  }
  return pino(options, destination())
}

/** Readable colour output for `npm run dev`, when pino-pretty (a development dependency) is installed. */
function prettyStream(): DestinationStream | undefined {
  try {
    const { createRequire } = process.getBuiltinModule('node:module')
    const pretty = createRequire(import.meta.url)('pino-pretty') as (options: object) => DestinationStream
    return redactingStream(pretty({ colorize: true, sync: true, ignore: 'pid,hostname' }))
  } catch {
    return undefined
  }
}

/** Next.js bundles its own copy of this module; both write through one logger. */
const KEY = Symbol.for('passkey-portal.logger')
const holder = globalThis as unknown as Record<typeof KEY, Logger | undefined>

export function log(): Logger {
  holder[KEY] ??= createLogger()
  return holder[KEY]
}

/** An error as log fields: its name, message and cause chain, without the stack in production. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: format(error) }
  const fields: Record<string, unknown> = { error: error.message, errorName: error.name }
  if ('code' in error && (typeof error.code === 'string' || typeof error.code === 'number')) fields.errorCode = error.code
  if (process.env.NODE_ENV !== 'production' && error.stack) fields.stack = error.stack
  if (error.cause !== undefined) fields.cause = errorFields(error.cause)
  return fields
}

/**
 * Sends what Next.js and libraries print with console.* through the logger, so
 * every line the server writes is JSON with the request id and redacted.
 */
export function routeConsoleToLog(): void {
  const logger = log()
  const forward =
    (level: 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const error = args.find((arg): arg is Error => arg instanceof Error)
      // Next.js colours its own lines for a terminal; a log line holds plain text.
      const text = format(...args.map((arg) => (arg instanceof Error ? arg.message : arg))).replace(/\x1B\[[0-9;]*m/g, '')
      logger[level]({ source: 'console', ...(error ? errorFields(error) : {}) }, text)
    }
  console.log = forward('info')
  console.info = forward('info')
  console.warn = forward('warn')
  console.error = forward('error')
}
