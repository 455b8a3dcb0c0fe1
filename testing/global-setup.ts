import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import Database from 'better-sqlite3'
import { disconnectOthers, onPostgresServer, postgresUrlFor, testProvider, uniqueDatabaseName } from './databases'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated database that each test file copies: a SQLite file path or a PostgreSQL database name. */
    databaseTemplate: string
    scratchDir: string
  }
}

/** Runs `npm run db:migrate` against one database, in its own process, as deployments do. */
function migrate(databaseUrl: string) {
  execFileSync(process.execPath, ['--import', 'tsx', 'prisma/tool/cli.ts', 'migrate'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
}

/** Migrates one template database for the run; every test file starts from a copy of it. */
export default async function setup(project: TestProject) {
  const provider = testProvider()
  const scratchDir = mkdtempSync(path.join(tmpdir(), 'portal-vitest-'))
  project.provide('scratchDir', scratchDir)
  console.log(`\nUnit and integration tests on ${provider === 'sqlite' ? 'SQLite' : 'PostgreSQL'}\n`)

  if (provider === 'sqlite') {
    const file = path.join(scratchDir, 'template.db')
    migrate(`file:${file}`)
    // Fold the write-ahead log into the file so that a plain copy is complete.
    const template = new Database(file)
    template.pragma('journal_mode = DELETE')
    template.close()
    project.provide('databaseTemplate', file)
    return () => rmSync(scratchDir, { recursive: true, force: true })
  }

  const template = uniqueDatabaseName('portal_test_template')
  await onPostgresServer([`CREATE DATABASE ${template}`])
  migrate(postgresUrlFor(template))
  project.provide('databaseTemplate', template)
  return async () => {
    await onPostgresServer([disconnectOthers(template), `DROP DATABASE IF EXISTS ${template}`])
    rmSync(scratchDir, { recursive: true, force: true })
  }
}
