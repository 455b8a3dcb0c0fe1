import 'server-only'
import { currentRequestScope } from './request-scope'

/**
 * Thrown in place of a driver error when the database cannot be reached: the
 * portal's server answers such a request 503 ("nothing was changed"), and the
 * session check does not take it for a signed-out browser.
 */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The database cannot be reached', { cause })
    this.name = 'DatabaseUnavailableError'
  }
}

/** Prisma's codes for "no connection": cannot reach, timed out, closed by the server, no pool slot in time. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024'])
/** The driver adapter's kinds for the same. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections'])
/** PostgreSQL's SQLSTATE classes 08 (connection exception) and 57P (shutting down, starting up). */
const POSTGRES_STATE = /^(08|57P)/
/** node-postgres's own errors when a connection dies under it carry no code. */
const DRIVER_MESSAGE = /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i

function faultIn(value: unknown, depth: number): boolean {
  if (depth > 4 || typeof value !== 'object' || value === null) return false
  if (value instanceof DatabaseUnavailableError) return true
  const record = value as {
    code?: unknown
    kind?: unknown
    originalCode?: unknown
    message?: unknown
    cause?: unknown
    meta?: { driverAdapterError?: unknown }
  }
  if (typeof record.code === 'string' && (PRISMA_CODES.has(record.code) || (/^[0-9A-Z]{5}$/.test(record.code) && POSTGRES_STATE.test(record.code)))) return true
  if (typeof record.kind === 'string' && ADAPTER_KINDS.has(record.kind)) return true
  if (typeof record.originalCode === 'string' && POSTGRES_STATE.test(record.originalCode)) return true
  if (typeof record.message === 'string' && DRIVER_MESSAGE.test(record.message) && !('clientVersion' in record)) return true
  return faultIn(record.meta?.driverAdapterError, depth + 1) || faultIn(record.cause, depth + 1)
}

/** Whether an error means the database could not be reached (as opposed to a query it refused). */
export function isDatabaseUnreachable(error: unknown): boolean {
  return faultIn(error, 0)
}

/** Marks the current request as answered without a database (the server then sends 503), and returns the error to throw. */
export function databaseFault(error: unknown): DatabaseUnavailableError {
  const scope = currentRequestScope()
  if (scope) scope.databaseUnavailable = true
  return error instanceof DatabaseUnavailableError ? error : new DatabaseUnavailableError(error)
}
