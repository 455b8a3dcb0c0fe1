import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Provider } from '../../lib/database-url'

/** Commands run from the project root (npm scripts do), so paths resolve from there. */
export const PRISMA_DIR = path.resolve('prisma')
export const SCHEMA_SOURCE = path.join(PRISMA_DIR, 'schema.prisma')
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, 'migrations')
/** The models as they were when the last migration was created. */
export const SNAPSHOT_FILE = path.join(MIGRATIONS_DIR, 'schema.snapshot.prisma')
export const PROVIDERS: readonly Provider[] = ['sqlite', 'postgresql']

export function generatedSchemaPath(provider: Provider): string {
  return path.join(PRISMA_DIR, '.generated', provider, 'schema.prisma')
}

export function providerMigrationsDir(provider: Provider): string {
  return path.join(MIGRATIONS_DIR, provider)
}

/** Removes the top-level `generator` and `datasource` blocks, keeping the models and enums. */
export function modelsOnly(source: string): string {
  return source
    .replace(/^\s*(generator|datasource)\s+\w+\s*\{[^}]*\}\s*$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/**
 * The full schema for one provider: its datasource, a generator writing the
 * client to lib/generated/prisma/<provider>, and the shared models.
 */
export function schemaForProvider(source: string, provider: Provider): string {
  const output = path
    .relative(path.dirname(generatedSchemaPath(provider)), path.resolve('lib', 'generated', 'prisma', provider))
    .split(path.sep)
    .join('/')
  return [
    '// Generated from prisma/schema.prisma by prisma/tool. Do not edit.',
    `generator client {\n  provider = "prisma-client"\n  output   = "${output}"\n}`,
    `datasource db {\n  provider = "${provider}"\n}`,
    modelsOnly(source),
    '',
  ].join('\n\n')
}

export function readSchemaSource(): string {
  return readFileSync(SCHEMA_SOURCE, 'utf8')
}
