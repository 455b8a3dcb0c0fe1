import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { disconnectOthers, onPostgresServer, postgresUrlFor, testProvider, uniqueDatabaseName } from '../../testing/databases'

const repo = path.resolve(import.meta.dirname, '../..')
const tsx = path.join(repo, 'node_modules', '.bin', 'tsx')
const workdir = mkdtempSync(path.join(tmpdir(), 'portal-migration-'))
const cleanups: Array<() => Promise<void> | void> = [() => rmSync(workdir, { recursive: true, force: true })]

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

/** Runs the same command as `npm run db:*`, from a copy of the project's prisma/ folder. */
function cli(args: string[], databaseUrl: string): string {
  return execFileSync(tsx, [path.join(repo, 'prisma/tool/cli.ts'), ...args], {
    cwd: workdir,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

type Sql = { run: (sql: string) => Promise<void>; rows: (sql: string) => Promise<Record<string, unknown>[]>; close: () => Promise<void> }

async function openDatabase(): Promise<{ url: string; sql: Sql }> {
  if (testProvider() === 'sqlite') {
    const file = path.join(workdir, 'existing.db')
    return {
      url: `file:${file}`,
      sql: {
        run: async (statement) => void new Database(file).exec(statement).close(),
        rows: async (statement) => {
          const database = new Database(file)
          try {
            return database.prepare(statement).all() as Record<string, unknown>[]
          } finally {
            database.close()
          }
        },
        close: async () => {},
      },
    }
  }
  const name = uniqueDatabaseName('portal_migration')
  await onPostgresServer([`CREATE DATABASE ${name}`])
  cleanups.push(() => onPostgresServer([disconnectOthers(name), `DROP DATABASE IF EXISTS ${name}`]))
  const client = new pg.Client({ connectionString: postgresUrlFor(name) })
  await client.connect()
  return {
    url: postgresUrlFor(name),
    sql: {
      run: async (statement) => void (await client.query(statement)),
      rows: async (statement) => (await client.query(statement)).rows,
      close: () => client.end(),
    },
  }
}

describe('db:migration and db:migrate', () => {
  it('creates the next migration for both providers and applies it without losing rows', async () => {
    cpSync(path.join(repo, 'prisma/schema.prisma'), path.join(workdir, 'prisma/schema.prisma'))
    cpSync(path.join(repo, 'prisma/migrations'), path.join(workdir, 'prisma/migrations'), { recursive: true })
    const { url, sql } = await openDatabase()
    cleanups.push(() => sql.close())

    expect(cli(['migrate'], url)).toMatch(/Applied \d+ migration/)
    expect(cli(['migrate'], url)).toContain('is up to date')
    await sql.run(
      `INSERT INTO "User" ("id", "email", "role", "status", "createdAt", "updatedAt") VALUES ('u1', 'kept@example.com', 'user', 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
    )

    expect(cli(['create', 'nothing'], url)).toContain('No model changes')

    const schemaFile = path.join(workdir, 'prisma/schema.prisma')
    const schema = readFileSync(schemaFile, 'utf8')
    writeFileSync(schemaFile, schema.replace(/(model User \{\n)/, '$1  nickname    String?\n'))
    expect(() => cli(['check'], url)).toThrow(/changes without a migration/)

    expect(cli(['create', 'add_x'], url)).toMatch(/Created migration \d{14}_add_x for sqlite and postgresql/)
    for (const provider of ['sqlite', 'postgresql']) {
      const dirs = readdirSync(path.join(workdir, 'prisma/migrations', provider)).filter((name) => name.endsWith('_add_x'))
      expect(dirs).toHaveLength(1)
      const migration = readFileSync(path.join(workdir, 'prisma/migrations', provider, dirs[0]!, 'migration.sql'), 'utf8')
      expect(migration).toMatch(/ALTER TABLE "User" ADD COLUMN\s+"nickname" TEXT/)
    }
    expect(cli(['check'], url)).toContain('Migrations match')

    expect(cli(['migrate'], url)).toMatch(/Applied 1 migration\(s\) to \w+: \d{14}_add_x/)
    await sql.run(`UPDATE "User" SET "nickname" = 'Kept' WHERE "id" = 'u1'`)
    expect(await sql.rows(`SELECT "email", "nickname" FROM "User"`)).toEqual([{ email: 'kept@example.com', nickname: 'Kept' }])
  }, 60_000)

  it('keeps the committed migrations in step with prisma/schema.prisma', () => {
    expect(execFileSync(tsx, [path.join(repo, 'prisma/tool/cli.ts'), 'check'], { cwd: repo, encoding: 'utf8' })).toContain('Migrations match')
  })
})
