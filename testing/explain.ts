import { db } from '../lib/db'
import { env } from '../lib/env'

/**
 * The database's plan for a statement Prisma sent (as captured by
 * captureStatements), as text: EXPLAIN QUERY PLAN on SQLite, EXPLAIN on
 * PostgreSQL, with the same parameters.
 */
export async function explain(query: { query: string; params: string }): Promise<string> {
  const params = JSON.parse(query.params) as unknown[]
  if (env().database.provider === 'postgresql') {
    const rows = await db().$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${query.query}`, ...params)
    return rows.map((row) => row['QUERY PLAN']).join('\n')
  }
  const rows = await db().$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${query.query}`, ...params)
  return rows.map((row) => row.detail).join('\n')
}

/** Refreshes the planner's statistics after seeding, as autovacuum would on a live database. */
export async function analyze(table: string): Promise<void> {
  await db().$executeRawUnsafe(`ANALYZE "${table}"`)
}
