import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { parseDatabaseUrl, type DatabaseTarget } from '../../lib/database-url'
import { loadProjectEnv } from '../../scripts/load-env'
import { applyMigrations, createMigration, diffSinceLastMigration, resetDatabase } from './migrations'
import { PROVIDERS, generatedSchemaPath, readSchemaSource, schemaForProvider } from './schema-source'

const USAGE = `Usage: tsx prisma/tool/cli.ts <command>
  generate        write the per-provider schemas and generate both Prisma clients
  migrate         apply pending migrations to DATABASE_URL (safe on every start)
  create <name>   create the next migration for SQLite and PostgreSQL from model changes
  check           fail if prisma/schema.prisma has changes without a migration
  reset           drop everything in DATABASE_URL and migrate again (development only)`

/** SQLite diffs need no database; the PostgreSQL engine connects to a server even to diff. */
function diffTargets(): Record<'sqlite' | 'postgresql', DatabaseTarget> {
  const configured = parseDatabaseUrl(process.env.DATABASE_URL)
  const postgresUrl =
    process.env.MIGRATION_POSTGRES_URL ??
    process.env.TEST_DATABASE_URL ??
    (configured.provider === 'postgresql' ? configured.url : 'postgresql://postgres@127.0.0.1:5432/postgres')
  return {
    sqlite: { provider: 'sqlite', url: 'file::memory:', file: ':memory:' },
    postgresql: { provider: 'postgresql', url: postgresUrl },
  }
}

function generate() {
  const source = readSchemaSource()
  for (const provider of PROVIDERS) {
    const file = generatedSchemaPath(provider)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, schemaForProvider(source, provider))
    // `prisma generate` only checks that a schema engine binary exists; it does
    // not run it. Pointing the check at an existing file avoids a download.
    execFileSync(process.execPath, [createRequire(import.meta.url).resolve('prisma/build/index.js'), 'generate', '--schema', file], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1', ...process.env },
    })
  }
}

async function main(argv: string[]) {
  const [command, ...rest] = argv
  switch (command) {
    case 'generate':
      generate()
      return
    case 'migrate': {
      const target = parseDatabaseUrl(process.env.DATABASE_URL)
      const applied = await applyMigrations(target)
      console.log(
        applied.length === 0
          ? `Database (${target.provider}) is up to date.`
          : `Applied ${applied.length} migration(s) to ${target.provider}: ${applied.join(', ')}`,
      )
      return
    }
    case 'create': {
      const name = rest.find((arg) => !arg.startsWith('-'))
      if (!name) throw new Error('Give the migration a name: npm run db:migration -- add_display_name')
      const created = await createMigration(name, diffTargets())
      console.log(created ? `Created migration ${created} for ${PROVIDERS.join(' and ')}.` : 'No model changes: nothing to migrate.')
      return
    }
    case 'check': {
      const targets = diffTargets()
      for (const provider of PROVIDERS) {
        if ((await diffSinceLastMigration(provider, targets[provider])) !== '') {
          throw new Error(`prisma/schema.prisma has changes without a migration (${provider}). Run: npm run db:migration -- <name>`)
        }
      }
      console.log('Migrations match prisma/schema.prisma.')
      return
    }
    case 'reset': {
      if (process.env.NODE_ENV === 'production') throw new Error('db:reset is for development only (NODE_ENV=production).')
      const target = parseDatabaseUrl(process.env.DATABASE_URL)
      const applied = await resetDatabase(target)
      console.log(`Reset ${target.provider} database; applied ${applied.length} migration(s).`)
      return
    }
    default:
      console.log(USAGE)
      process.exitCode = command ? 1 : 0
  }
}

loadProjectEnv()
main(process.argv.slice(2)).then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
