import 'server-only'
import type { db } from './db'
import { env } from './env'

type Transaction = Pick<ReturnType<typeof db>, '$executeRawUnsafe'>

/**
 * Makes a transaction the only one doing a piece of background work (sealing,
 * rolling up, counting). On PostgreSQL: a transaction-scoped advisory lock on
 * `key`. On SQLite: the database's write lock, taken by a write that changes
 * nothing, as BEGIN IMMEDIATE would. Without it, a transaction that reads
 * first and writes later fails at once (SQLITE_BUSY_SNAPSHOT) when another
 * writer commits in between, instead of waiting its turn.
 */
export async function takeWorkLock(tx: Transaction, key: number): Promise<void> {
  if (env().database.provider === 'postgresql') await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${key})`)
  else await tx.$executeRawUnsafe('UPDATE "RollupMark" SET "seq" = "seq" WHERE 1 = 0')
}

/**
 * For a request's transaction that reads before it writes (a SCIM request):
 * on SQLite, takes the write lock first, so a concurrent writer makes it wait
 * its turn (busy timeout) rather than fail at once with SQLITE_BUSY_SNAPSHOT,
 * which would answer 503. PostgreSQL locks the rows it writes and needs
 * nothing here.
 */
export async function takeSqliteWriteLock(tx: Transaction): Promise<void> {
  if (env().database.provider !== 'postgresql') await tx.$executeRawUnsafe('UPDATE "RollupMark" SET "seq" = "seq" WHERE 1 = 0')
}
