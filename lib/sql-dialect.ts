import 'server-only'
import { sqltag, type Sql } from '@prisma/client/runtime/client'
import { env } from './env'

/**
 * The few SQL expressions that differ between SQLite and PostgreSQL, for the
 * raw aggregate queries of the rollout figures and the audit log's rollups.
 * SQLite keeps times as ISO text with an explicit offset, PostgreSQL as
 * timestamps.
 */
export function sqlDialect() {
  const postgres = env().database.provider === 'postgresql'
  return {
    /** A time parameter compared with stored times. */
    time: (date: Date): Date | string => (postgres ? date : date.toISOString().replace('Z', '+00:00')),
    /** The UTC day of a stored time as YYYY-MM-DD. */
    day: (column: Sql) => (postgres ? sqltag`to_char(${column}, 'YYYY-MM-DD')` : sqltag`substr(${column}, 1, 10)`),
    /** The Monday-to-Sunday week of a stored time, numbered from the one holding 1970-01-01 (a Thursday, hence + 3). */
    week: (column: Sql) =>
      postgres ? sqltag`floor((floor(extract(epoch from ${column}) / 86400) + 3) / 7)` : sqltag`(CAST(julianday(${column}) - 2440587.5 AS INTEGER) + 3) / 7`,
    /** The durationMs a successful sign-in recorded in its detail (lib/auth/session/issue.ts), or null. */
    durationMs: (detail: Sql) =>
      postgres
        ? sqltag`CASE WHEN ${detail} LIKE '{%' THEN CAST(CAST(${detail} AS jsonb) ->> 'durationMs' AS bigint) END`
        : sqltag`CASE WHEN json_valid(${detail}) THEN CAST(json_extract(${detail}, '$.durationMs') AS INTEGER) END`,
    truthy: (expression: Sql) => sqltag`CASE WHEN ${expression} THEN 1 ELSE 0 END`,
    /** A condition as a value for a Boolean column. */
    boolean: (expression: Sql) => (postgres ? sqltag`(${expression})` : sqltag`CASE WHEN ${expression} THEN 1 ELSE 0 END`),
    /** A stored time one day later, comparable with stored times. */
    dayLater: (column: Sql) => (postgres ? sqltag`${column} + interval '1 day'` : sqltag`strftime('%Y-%m-%dT%H:%M:%f+00:00', ${column}, '+1 day')`),
  }
}
