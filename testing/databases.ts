import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** Which database the unit/integration suite runs against. */
export function testProvider(): 'sqlite' | 'postgresql' {
  return process.env.TEST_DB_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite'
}

function postgresServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL
  if (!url) throw new Error('TEST_DATABASE_URL must point at a PostgreSQL server for the PostgreSQL run.')
  return url
}

/** The same server URL with another database name. */
export function postgresUrlFor(database: string): string {
  const url = new URL(postgresServerUrl())
  url.pathname = `/${database}`
  return url.toString()
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`
}

/** Runs statements on the server's maintenance connection (CREATE/DROP DATABASE). */
export async function onPostgresServer(statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: postgresServerUrl() })
  await client.connect()
  try {
    for (const statement of statements) await client.query(statement)
  } finally {
    await client.end()
  }
}

export function disconnectOthers(database: string): string {
  return `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND pid <> pg_backend_pid()`
}
