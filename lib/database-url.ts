import path from 'node:path'

/** The embedded default: a SQLite file under the git-ignored data/ folder. */
const DEFAULT_DATABASE_URL = 'file:./data/portal.db'

export type Provider = 'sqlite' | 'postgresql'

export type DatabaseTarget = { provider: 'sqlite'; url: string; file: string } | { provider: 'postgresql'; url: string }

/**
 * Reads DATABASE_URL: `postgres://` or `postgresql://` selects PostgreSQL,
 * `file:` selects SQLite (relative paths resolve from the working directory).
 */
export function parseDatabaseUrl(raw: string | undefined): DatabaseTarget {
  const url = raw && raw.trim() !== '' ? raw.trim() : DEFAULT_DATABASE_URL
  if (/^postgres(ql)?:\/\//i.test(url)) return { provider: 'postgresql', url }
  if (url.startsWith('file:')) {
    const location = url.slice('file:'.length).split('?')[0] ?? ''
    if (location === '') throw new Error('DATABASE_URL "file:" needs a path, e.g. file:./data/portal.db')
    return { provider: 'sqlite', url, file: path.resolve(/* turbopackIgnore: true */ location) }
  }
  throw new Error('DATABASE_URL must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL)')
}
