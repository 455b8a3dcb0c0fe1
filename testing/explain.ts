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

/**
 * Refreshes the planner's statistics after seeding, as autovacuum would on a
 * live database; on PostgreSQL it also vacuums, as autovacuum does after a
 * bulk load, which marks pages all-visible so index-only scans are possible.
 */
export async function analyze(table: string): Promise<void> {
  await db().$executeRawUnsafe(env().database.provider === 'postgresql' ? `VACUUM ANALYZE "${table}"` : `ANALYZE "${table}"`)
}

/**
 * The full scans of tables in a plan: "SCAN t" without an index on SQLite
 * (not of a subquery's own rows, which SQLite names CO-ROUTINE or
 * MATERIALIZE), "Seq Scan on t" on PostgreSQL.
 */
export function fullScans(plan: string): string[] {
  const scans = [...plan.matchAll(/Seq Scan on "?(\w+)"?/g)].map((match) => match[1]!)
  const subqueries = new Set([...plan.matchAll(/^\s*(?:CO-ROUTINE|MATERIALIZE) (\w+)/gm)].map((match) => match[1]!))
  for (const line of plan.split('\n')) {
    const match = line.match(/^\s*SCAN (?:main\.)?(\w+)(.*)$/)
    if (match && match[1] !== 'CONSTANT' && !subqueries.has(match[1]!) && !/USING (COVERING )?INDEX/.test(match[2]!)) scans.push(match[1]!)
  }
  return scans
}
