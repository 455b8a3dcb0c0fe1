import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { MigrationList, SchemaFilter } from '@prisma/schema-engine-wasm'
import type { DatabaseTarget, Provider } from '../../lib/database-url'
import { withEngine } from './engine'
import { PROVIDERS, SNAPSHOT_FILE, modelsOnly, providerMigrationsDir, readSchemaSource, schemaForProvider } from './schema-source'

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] }

export function listMigrations(provider: Provider): MigrationList {
  const baseDir = providerMigrationsDir(provider)
  const lockPath = path.join(baseDir, 'migration_lock.toml')
  const names = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : []
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => {
      const file = path.join(baseDir, name, 'migration.sql')
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(file) ? { tag: 'ok' as const, value: readFileSync(file, 'utf8') } : { tag: 'error' as const, value: `${file} is missing` },
        },
      }
    }),
  }
}

/** Applies pending migrations; safe to run on every start. Returns the names applied. */
export async function applyMigrations(target: DatabaseTarget): Promise<string[]> {
  if (target.provider === 'sqlite') enableWriteAheadLog(target.file)
  const { appliedMigrationNames } = await withEngine(target, (engine) =>
    engine.applyMigrations({ migrationsList: listMigrations(target.provider), filters: NO_FILTER }),
  )
  return appliedMigrationNames
}

/**
 * Creates the SQLite file if needed and switches it to WAL, which lets readers
 * work while one writer commits. The mode is stored in the file, and is set
 * before the engine connects because changing it needs the only connection.
 */
function enableWriteAheadLog(file: string) {
  mkdirSync(path.dirname(file), { recursive: true })
  const sqlite = new Database(file)
  try {
    sqlite.pragma('journal_mode = WAL')
  } finally {
    sqlite.close()
  }
}

function readSnapshot(): string | null {
  return existsSync(SNAPSHOT_FILE) ? readFileSync(SNAPSHOT_FILE, 'utf8') : null
}

/** The SQL that takes a database from the last migration's models to the current ones. */
export async function diffSinceLastMigration(provider: Provider, engineTarget: DatabaseTarget): Promise<string> {
  const snapshot = readSnapshot()
  const source = readSchemaSource()
  const file = (content: string) => ({ files: [{ path: 'schema.prisma', content: schemaForProvider(content, provider) }] })
  const result = await withEngine(engineTarget, (engine) =>
    engine.diff({
      from: snapshot === null ? { tag: 'empty' } : { tag: 'schemaDatamodel', ...file(snapshot) },
      to: { tag: 'schemaDatamodel', ...file(source) },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    }),
  )
  const sql = (result.stdout ?? '').trim()
  return sql === '' || sql === '-- This is an empty migration.' ? '' : `${sql}\n`
}

export function migrationTimestamp(now = new Date()): string {
  return now.toISOString().replace(/\D/g, '').slice(0, 14)
}

export type EngineTargets = Record<Provider, DatabaseTarget>

/**
 * Writes the next migration for every provider from the change between the
 * snapshot and prisma/schema.prisma, then moves the snapshot forward.
 * Returns the new directory name, or null when the models did not change.
 */
export async function createMigration(name: string, targets: EngineTargets, now = new Date()): Promise<string | null> {
  if (!/^[a-z0-9_]{1,60}$/.test(name)) throw new Error('Migration names use a-z, 0-9 and _ (at most 60 characters).')
  const scripts = new Map<Provider, string>()
  for (const provider of PROVIDERS) scripts.set(provider, await diffSinceLastMigration(provider, targets[provider]))
  if ([...scripts.values()].every((sql) => sql === '')) return null

  const dirName = `${migrationTimestamp(now)}_${name}`
  for (const provider of PROVIDERS) {
    const baseDir = providerMigrationsDir(provider)
    mkdirSync(path.join(baseDir, dirName), { recursive: true })
    writeFileSync(path.join(baseDir, 'migration_lock.toml'), `# Written by prisma/tool; keep it in version control.\nprovider = "${provider}"\n`)
    writeFileSync(path.join(baseDir, dirName, 'migration.sql'), scripts.get(provider) || '-- No change for this provider.\n')
  }
  writeFileSync(SNAPSHOT_FILE, `${modelsOnly(readSchemaSource())}\n`)
  return dirName
}

/** Deletes all data and schema, then applies every migration again. Development only. */
export async function resetDatabase(target: DatabaseTarget): Promise<string[]> {
  if (target.provider === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(target.file + suffix, { force: true })
  } else {
    await withEngine(target, (engine) => engine.reset({ filter: NO_FILTER }))
  }
  return applyMigrations(target)
}
