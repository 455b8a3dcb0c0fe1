import 'server-only'
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { PrismaClient as PostgresClient } from './generated/prisma/postgresql/client'
import type { SignInMethod as PostgresSignInMethod } from './generated/prisma/postgresql/enums'
import { PrismaClient as SqliteClient } from './generated/prisma/sqlite/client'
import type { SignInMethod as SqliteSignInMethod } from './generated/prisma/sqlite/enums'
import { env } from './env'
import { databaseFault, isDatabaseUnreachable } from './ops/database-fault'
import { metrics } from './ops/metrics'
import { onShutdown } from './ops/shutdown'

/**
 * Both generated clients come from the same models, so their APIs match. The
 * SQLite client's type is used for both: it is the smaller feature set, so
 * code written against it runs on PostgreSQL too.
 */
export type Db = SqliteClient

/** The client inside an interactive transaction (`db().$transaction(async (tx) => …)`). */
export type Transaction = Parameters<Parameters<Db['$transaction']>[0]>[0]

/** The data model's sign-in methods: the values both generated clients know (they are generated from one schema). */
export type SignInMethod = SqliteSignInMethod & PostgresSignInMethod

/** Query events are emitted only when asked for (tests and the benchmark count SQL statements). */
const log = process.env.PRISMA_QUERY_EVENTS === '1' ? [{ emit: 'event' as const, level: 'query' as const }] : []

/** Set by the load bench's probe (scripts/bench-probe.ts) in a server it measures. */
const statementTally = globalThis as unknown as { portalStatements?: { count: number } }

type QueryListener = (event: { query: string; params: string; duration: number }) => void

/**
 * Every operation is timed into portal_db_query_duration_seconds, and a
 * failure to reach the database becomes a DatabaseUnavailableError that marks
 * the request for a 503 (lib/ops/database-fault.ts).
 */
function instrument(client: Db): Db {
  return client.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        const stop = metrics().databaseQueryDuration.startTimer({ model: model ?? 'raw', operation })
        try {
          const result = await query(args)
          stop({ outcome: 'ok' })
          return result
        } catch (error) {
          const unreachable = isDatabaseUnreachable(error)
          stop({ outcome: unreachable ? 'unreachable' : 'error' })
          throw unreachable ? databaseFault(error) : error
        }
      },
    },
  }) as unknown as Db
}

/**
 * Loads the configured database's driver on the first connection, not when
 * this module loads: a server on SQLite never loads node-postgres (some 8 MB
 * and, on one core, up to 100 ms of its start), nor one on PostgreSQL the
 * SQLite driver (docs/decisions/0024-memory-and-start.md).
 */
function onFirstConnection(
  info: Pick<SqlDriverAdapterFactory, 'provider' | 'adapterName'>,
  load: () => Promise<SqlDriverAdapterFactory>,
): SqlDriverAdapterFactory {
  let factory: Promise<SqlDriverAdapterFactory> | undefined
  return {
    ...info,
    connect: async () => {
      factory ??= load()
      return (await factory).connect()
    },
  }
}

function createClient(): { base: Db; client: Db } {
  const target = env().database
  const client =
    target.provider === 'postgresql'
      ? (new PostgresClient({
          adapter: onFirstConnection({ provider: 'postgres', adapterName: '@prisma/adapter-pg' }, async () => {
            const { PrismaPg } = await import('@prisma/adapter-pg')
            return new PrismaPg({ connectionString: target.url, max: env().databasePoolSize })
          }),
          log,
        }) as unknown as Db)
      : (new SqliteClient({
          adapter: onFirstConnection({ provider: 'sqlite', adapterName: '@prisma/adapter-better-sqlite3' }, async () => {
            const { sqliteAdapter } = await import('./sqlite-adapter')
            // timeout: how long a writer waits for SQLite's lock before giving up.
            return sqliteAdapter({ url: target.file, timeout: 10_000 })
          }),
          log,
        }) as unknown as Db)
  const tally = statementTally.portalStatements
  if (tally && log.length) (client as unknown as { $on: (event: 'query', listener: () => void) => void }).$on('query', () => void (tally.count += 1))
  return { base: client, client: instrument(client) }
}

const globalForDb = globalThis as unknown as { portalDb?: { base: Db; client: Db } }

/** The process-wide Prisma client (kept across hot reloads in development). */
export function db(): Db {
  if (!globalForDb.portalDb) {
    const created = createClient()
    globalForDb.portalDb = created
    onShutdown('database pool', () => created.base.$disconnect())
  }
  return globalForDb.portalDb.client
}

/** Listens to every SQL statement (with PRISMA_QUERY_EVENTS=1): tests and the benchmark count them. */
export function onQuery(listener: QueryListener): void {
  db()
  ;(globalForDb.portalDb!.base as unknown as { $on: (event: 'query', listener: QueryListener) => void }).$on('query', listener)
}

/**
 * Splits a list for `in: [...]` filters combined with other conditions:
 * Prisma splits a lone long `in` list itself, but with another condition
 * beside it the statement's bound parameters can pass SQLite's limit (P2029).
 */
export function inParts<T>(items: readonly T[], size = 500): T[][] {
  const parts: T[][] = []
  for (let start = 0; start < items.length; start += size) parts.push(items.slice(start, start + size))
  return parts
}
