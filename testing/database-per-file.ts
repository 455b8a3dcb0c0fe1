import { copyFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, inject } from 'vitest'
import { disconnectOthers, onPostgresServer, postgresUrlFor, testProvider, uniqueDatabaseName } from './databases'

/**
 * Runs before each test file: gives the file its own database, copied from the
 * migrated template, and the configuration the app reads at start-up.
 */
Object.assign(process.env, { NODE_ENV: 'test' })
process.env.AUTH_SECRET = 'vitest-secret-that-is-long-enough-to-pass-validation'
process.env.PRISMA_QUERY_EVENTS = '1'
process.env.APP_URL = 'http://localhost:3000'
delete process.env.RESEND_API_KEY
delete process.env.RESEND_WEBHOOK_SECRET
delete process.env.DEMO_MODE

const template = inject('databaseTemplate')

if (testProvider() === 'sqlite') {
  const file = path.join(inject('scratchDir'), `${uniqueDatabaseName('file')}.db`)
  copyFileSync(template, file)
  process.env.DATABASE_URL = `file:${file}`
} else {
  const database = uniqueDatabaseName('portal_test')
  // A template database cannot be copied while anyone is connected to it.
  await onPostgresServer([disconnectOthers(template), `CREATE DATABASE ${database} TEMPLATE ${template}`])
  process.env.DATABASE_URL = postgresUrlFor(database)
  afterAll(async () => {
    const { db } = await import('../lib/db')
    await db().$disconnect()
    await onPostgresServer([disconnectOthers(database), `DROP DATABASE IF EXISTS ${database}`])
  })
}
