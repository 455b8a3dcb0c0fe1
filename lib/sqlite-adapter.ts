import 'server-only'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import type { IsolationLevel, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils'

/**
 * The SQLite driver adapter, with its one connection taken in turns
 * (docs/decisions/0021-background-work-in-short-turns.md). Prisma's
 * better-sqlite3 adapter runs every statement on one connection; a
 * transaction takes the adapter's own lock, but a statement made outside
 * any transaction does not wait for it. So while a transaction was open, another
 * request's plain statements ran inside it: they read its uncommitted rows,
 * and were rolled back with it. Here a statement outside a transaction
 * waits until the open transaction has ended, and a transaction waits until
 * the one before it has.
 */

type Options = ConstructorParameters<typeof PrismaBetterSqlite3>[0]

/** A first-come, first-served lock; `idle` when nobody holds it or waits for it. */
class Turns {
  #tail: Promise<void> = Promise.resolve()
  #queued = 0

  get idle(): boolean {
    return this.#queued === 0
  }

  async take(): Promise<() => void> {
    this.#queued += 1
    const before = this.#tail
    let free!: () => void
    this.#tail = new Promise<void>((resolve) => (free = resolve))
    await before
    let freed = false
    return () => {
      if (freed) return
      freed = true
      this.#queued -= 1
      free()
    }
  }

  /** Runs `work` once every earlier holder is done; runs it at once when the lock is idle. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.idle) return work()
    const release = await this.take()
    try {
      return await work()
    } finally {
      release()
    }
  }
}

function inTurns(inner: SqlDriverAdapter): SqlDriverAdapter {
  const turns = new Turns()
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query: SqlQuery) => turns.run(() => inner.queryRaw(query)),
    executeRaw: (query: SqlQuery) => turns.run(() => inner.executeRaw(query)),
    executeScript: (script: string) => turns.run(() => inner.executeScript(script)),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => inner.dispose(),
    async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
      const release = await turns.take()
      let transaction: Transaction
      try {
        transaction = await inner.startTransaction(isolationLevel)
      } catch (error) {
        release()
        throw error
      }
      // Prisma sends COMMIT or ROLLBACK through executeRaw, then calls commit() or rollback() to hand the connection back.
      const end = (finish: () => Promise<void>) => () => finish().finally(release)
      return {
        provider: transaction.provider,
        adapterName: transaction.adapterName,
        options: transaction.options,
        queryRaw: (query: SqlQuery) => transaction.queryRaw(query),
        executeRaw: (query: SqlQuery) => transaction.executeRaw(query),
        createSavepoint: transaction.createSavepoint?.bind(transaction),
        rollbackToSavepoint: transaction.rollbackToSavepoint?.bind(transaction),
        releaseSavepoint: transaction.releaseSavepoint?.bind(transaction),
        commit: end(() => transaction.commit()),
        rollback: end(() => transaction.rollback()),
      }
    },
  }
}

/** Prisma's better-sqlite3 adapter factory, whose connections take turns as described above. */
export function sqliteAdapter(options: Options): SqlDriverAdapterFactory {
  const inner = new PrismaBetterSqlite3(options)
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => inTurns(await inner.connect()),
  }
}
